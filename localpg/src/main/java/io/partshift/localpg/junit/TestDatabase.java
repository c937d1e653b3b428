package io.partshift.localpg.junit;

import io.partshift.localpg.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database that exists for one test: created before it, dropped (with its replication slots) after it,
 * together with the roles the test created through {@link #createRole}.
 */
public final class TestDatabase {

    private static final AtomicInteger ROLES = new AtomicInteger();

    private final LocalPostgres server;
    private final String name;
    private final List<String> roles = new CopyOnWriteArrayList<>();

    private TestDatabase(LocalPostgres server, String name) {
        this.server = server;
        this.name = name;
    }

    static TestDatabase create(LocalPostgres server, String name) throws SQLException {
        server.createDatabase(name);
        return new TestDatabase(server, name);
    }

    public String name() {
        return name;
    }

    /** The JDBC URL, without a user: connect as {@link #user()} or as a role from {@link #createRole}. */
    public String url() {
        return server.jdbcUrl(name);
    }

    /** The superuser, "postgres"; authentication is trust, so no password. */
    public String user() {
        return server.superuser();
    }

    /** A new superuser connection, autocommit on. */
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Runs each statement in order, on one new connection in autocommit mode. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " [in database " + name + ", statement: " + s + "]",
                            e.getSQLState(), e);
                }
            }
        }
    }

    /** The server, e.g. to create another database or read its port; the extension stops it, not the test. */
    public LocalPostgres server() {
        return server;
    }

    /**
     * Creates a role with a unique name: {@code CREATE ROLE <name> <sqlSuffix>}, e.g. {@code createRole("LOGIN
     * REPLICATION")}. Roles belong to the whole server, so it is dropped after the test, after the database.
     */
    public String createRole(String sqlSuffix) throws SQLException {
        String role = "partshift_test_role_" + ROLES.incrementAndGet();
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + (sqlSuffix == null || sqlSuffix.isBlank() ? "" : " " + sqlSuffix));
        }
        roles.add(role);
        return role;
    }

    /** Drops the database, then the roles; every failure is reported, none stops the rest. */
    void drop() throws SQLException {
        SQLException failure = null;
        try {
            server.dropDatabase(name);
        } catch (SQLException e) {
            failure = new SQLException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
        for (String role : roles) {
            try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + role);
            } catch (SQLException e) {
                SQLException roleFailure = new SQLException("could not drop test role " + role + " (does it own or"
                        + " hold privileges on objects outside " + name + "?): " + e.getMessage(), e);
                if (failure == null) {
                    failure = roleFailure;
                } else {
                    failure.addSuppressed(roleFailure);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " on " + server.host() + ":" + server.port() + "]";
    }
}
