package io.partshift.partitioning.preflight;

/** {@code wal_level} is {@code logical}: below it the server writes too little WAL to decode row changes from. */
final class WalLevelCheck extends NamedCheck {
    static final String NAME = "wal-level";

    WalLevelCheck() {
        super(NAME, false);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        String level = context.server().walLevel();
        if (!level.equals("logical")) {
            return CheckResult.fail(NAME, "wal_level is " + level + ", but partshift streams changes by logical"
                    + " decoding, which needs logical: run ALTER SYSTEM SET wal_level = logical and restart the server.");
        }
        return CheckResult.ok(NAME, "wal_level = logical");
    }
}
