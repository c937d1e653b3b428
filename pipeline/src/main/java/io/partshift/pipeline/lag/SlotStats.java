package io.partshift.pipeline.lag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a replication slot costs the source right now: how far behind the server's WAL its confirmed position is
 * (lag in bytes) and how much WAL it keeps on disk. Read by the lag monitor and {@code status}.
 *
 * @param activePid the walsender reading the slot, when one does
 */
public record SlotStats(String slot, boolean active, OptionalInt activePid, String confirmedFlushLsn, long lagBytes,
                        long retainedWalBytes) {

    /** The slot's numbers, or empty when no slot of that name exists. */
    public static Optional<SlotStats> read(Connection c, String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT active, active_pid, confirmed_flush_lsn::text,
                       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint AS lag_bytes,
                       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint AS retained
                  FROM pg_replication_slots WHERE slot_name = ?""")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int pid = rs.getInt("active_pid");
                return Optional.of(new SlotStats(slot, rs.getBoolean("active"),
                        rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(pid), rs.getString(3),
                        rs.getLong("lag_bytes"), rs.getLong("retained")));
            }
        }
    }
}
