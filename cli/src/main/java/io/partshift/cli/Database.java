package io.partshift.cli;

import io.partshift.config.BadInputException;
import io.partshift.config.ConnectionSpec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens the source connection, turning a wrong address, user or password into bad input rather than a crash. */
final class Database {
    private Database() {
    }

    static Connection connect(ConnectionSpec spec) {
        try {
            return DriverManager.getConnection(spec.url(), spec.jdbcProperties());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String why = e.getMessage() == null ? "unknown error" : e.getMessage().replaceAll("\\s+", " ").trim();
            if (state.startsWith("28") || state.equals("3D000") || state.startsWith("08")) {
                throw new BadInputException("cannot connect to " + spec.url() + " as " + spec.user() + " (" + why
                        + "): check --url (or PGHOST/PGPORT/PGDATABASE), --user and PGPASSWORD or --password-file.", e);
            }
            throw new IllegalStateException("cannot connect to " + spec.url() + " as " + spec.user(), e);
        }
    }
}
