package io.partshift.localpg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** CREATE and DROP DATABASE, including what has to go before a DROP can succeed. */
final class DatabaseAdmin {

    private static final long SLOT_RELEASE_TIMEOUT_MS = 10_000;

    private DatabaseAdmin() {
    }

    static void create(Connection admin, String name) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + quoteIdent(name));
        }
    }

    /**
     * DROP DATABASE refuses while logical slots of that database exist, and WITH (FORCE) does not remove
     * them; a slot in use by a walsender cannot be dropped either. So: terminate the walsenders, drop the
     * slots, then drop the database with FORCE to end any other session.
     */
    static void drop(Connection admin, String name) throws SQLException {
        long deadline = System.currentTimeMillis() + SLOT_RELEASE_TIMEOUT_MS;
        Map<String, Integer> slots;
        while (!(slots = slotsOf(admin, name)).isEmpty()) {
            for (Map.Entry<String, Integer> slot : slots.entrySet()) {
                if (slot.getValue() != null) {
                    terminate(admin, slot.getValue());
                } else {
                    dropSlot(admin, slot.getKey());
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new SQLException("cannot drop database " + name + ": replication slots " + slots
                        + " (slot=active walsender pid) are still in use after " + SLOT_RELEASE_TIMEOUT_MS + " ms");
            }
            sleep(50);
        }
        try (Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + quoteIdent(name) + " WITH (FORCE)");
        }
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static Map<String, Integer> slotsOf(Connection admin, String database) throws SQLException {
        Map<String, Integer> slots = new LinkedHashMap<>();
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT slot_name, active_pid FROM pg_replication_slots WHERE database = ? ORDER BY slot_name")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slots.put(rs.getString(1), (Integer) rs.getObject(2));
                }
            }
        }
        return slots;
    }

    private static void terminate(Connection admin, int pid) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }

    private static void dropSlot(Connection admin, String slot) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            ps.setString(1, slot);
            ps.execute();
        } catch (SQLException e) {
            // 55006: a walsender took the slot again, 42704: it went away (a temporary slot); the loop rechecks.
            if (!"55006".equals(e.getSQLState()) && !"42704".equals(e.getSQLState())) {
                throw new SQLException("cannot drop replication slot " + slot + ": " + e.getMessage(), e.getSQLState(), e);
            }
        }
    }

    private static void sleep(long ms) throws SQLException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for replication slots to be released", e);
        }
    }
}
