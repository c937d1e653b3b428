package io.partshift.partitioning.preflight;

import java.util.Objects;

/** The name and table need every check declares, held once so each check class is only its rule. */
abstract class NamedCheck implements PreflightCheck {
    private final String name;
    private final boolean needsTable;

    NamedCheck(String name, boolean needsTable) {
        this.name = Objects.requireNonNull(name, "name");
        this.needsTable = needsTable;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean needsTable() {
        return needsTable;
    }
}
