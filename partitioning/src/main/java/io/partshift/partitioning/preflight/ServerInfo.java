package io.partshift.partitioning.preflight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The server-wide facts the checks need, read once in one query so every check judges the same moment.
 *
 * @param versionNum            {@code server_version_num}, e.g. 150004
 * @param walLevel              {@code minimal}, {@code replica} or {@code logical}
 * @param replicationSlotsInUse every existing slot, active or not: an idle slot still takes a place
 * @param walSendersInUse       running WAL sender processes (physical and logical)
 * @param replicationRole       {@code rolreplication}: the role may open replication connections
 * @param canCreateInDatabase   CREATE on the current database (new schemas, publications)
 */
public record ServerInfo(int versionNum, String walLevel, int maxReplicationSlots, int replicationSlotsInUse,
                         int maxWalSenders, int walSendersInUse, String currentUser, boolean superuser,
                         boolean replicationRole, boolean canCreateInDatabase) {
    // pg_stat_replication is used rather than pg_stat_activity because unprivileged roles still see its rows
    // (only the details are hidden), so the count is right whoever runs preflight.
    private static final String QUERY = """
            SELECT current_setting('server_version_num')::int AS version_num,
                   current_setting('wal_level') AS wal_level,
                   current_setting('max_replication_slots')::int AS max_slots,
                   (SELECT count(*) FROM pg_replication_slots)::int AS slots_in_use,
                   current_setting('max_wal_senders')::int AS max_senders,
                   (SELECT count(*) FROM pg_stat_replication)::int AS senders_in_use,
                   current_user AS usr, r.rolsuper, r.rolreplication,
                   has_database_privilege(current_database(), 'CREATE') AS can_create
              FROM pg_roles r WHERE r.rolname = current_user
            """;

    public ServerInfo {
        Objects.requireNonNull(walLevel, "walLevel");
        Objects.requireNonNull(currentUser, "currentUser");
    }

    public static ServerInfo read(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            if (!rs.next()) {
                throw new SQLException("current_user has no row in pg_roles");
            }
            return new ServerInfo(rs.getInt("version_num"), rs.getString("wal_level"), rs.getInt("max_slots"),
                    rs.getInt("slots_in_use"), rs.getInt("max_senders"), rs.getInt("senders_in_use"),
                    rs.getString("usr"), rs.getBoolean("rolsuper"), rs.getBoolean("rolreplication"),
                    rs.getBoolean("can_create"));
        }
    }

    /** The version as people write it, e.g. {@code 15.4} (or {@code 9.6.24} for the old three-part numbers). */
    public String version() {
        int major = versionNum / 10000;
        if (major >= 10) {
            return major + "." + versionNum % 10000;
        }
        return major + "." + versionNum / 100 % 100 + "." + versionNum % 100;
    }

    /** Superusers replicate without the REPLICATION attribute. */
    public boolean mayReplicate() {
        return superuser || replicationRole;
    }
}
