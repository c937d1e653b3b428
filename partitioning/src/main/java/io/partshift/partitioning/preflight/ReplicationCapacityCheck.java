package io.partshift.partitioning.preflight;

/**
 * The server has room for partshift's replication: two slots (the forward change stream, then the reverse stream
 * that keeps the old table current after cutover) and two WAL senders to read them. Running out mid-migration
 * would fail the cutover, so count now.
 */
final class ReplicationCapacityCheck extends NamedCheck {
    static final String NAME = "replication-capacity";
    static final int NEEDED = 2;

    ReplicationCapacityCheck() {
        super(NAME, false);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        ServerInfo s = context.server();
        int freeSlots = s.maxReplicationSlots() - s.replicationSlotsInUse();
        int freeSenders = s.maxWalSenders() - s.walSendersInUse();
        if (freeSlots < NEEDED) {
            return CheckResult.fail(NAME, "only " + Math.max(freeSlots, 0) + " of max_replication_slots = "
                    + s.maxReplicationSlots() + verb(freeSlots) + " free (" + s.replicationSlotsInUse() + " in use) but partshift needs "
                    + NEEDED + ", one for the change stream and one for the reverse stream after cutover:"
                    + " drop unused slots (see SELECT slot_name, active FROM pg_replication_slots) or raise"
                    + " max_replication_slots with ALTER SYSTEM and restart the server.");
        }
        if (freeSenders < NEEDED) {
            return CheckResult.fail(NAME, "only " + Math.max(freeSenders, 0) + " of max_wal_senders = "
                    + s.maxWalSenders() + verb(freeSenders) + " free (" + s.walSendersInUse() + " in use) but partshift needs "
                    + NEEDED + ", one for the change stream and one for the reverse stream after cutover: raise"
                    + " max_wal_senders with ALTER SYSTEM and restart the server.");
        }
        return CheckResult.ok(NAME, freeSlots + " of " + s.maxReplicationSlots() + " replication slots and "
                + freeSenders + " of " + s.maxWalSenders() + " WAL senders free");
    }

    private static String verb(int count) {
        return count == 1 ? " is" : " are";
    }
}
