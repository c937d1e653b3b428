package io.partshift.pipeline.stream;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A source table with its change stream set up, in a test's own database. */
final class StreamFixture {
    static final String STATE = "partshift";

    final TestDatabase db;
    final Names names;
    final ReplicationSetup setup;

    StreamFixture(TestDatabase db, String table) {
        this.db = db;
        this.names = new Names(new TableRef("public", table), STATE);
        this.setup = new ReplicationSetup(names);
    }

    ConnectionSpec spec() {
        return new ConnectionSpec(db.url(), db.user(), Secret.none());
    }

    /** Creates the publication and slot (the table must exist). */
    StreamFixture setUp() throws SQLException {
        try (Connection c = db.connect()) {
            setup.create(c);
        }
        return this;
    }

    DebeziumChangeSource source() {
        return new DebeziumChangeSource(spec(), names, DebeziumChangeSource.Settings.defaults()
                .withHeartbeatInterval(Duration.ofMillis(200)));
    }

    DebeziumChangeSource started(ChangeBatchHandler handler) throws Exception {
        DebeziumChangeSource source = source();
        source.start(handler);
        return source;
    }

    long currentWalLsn() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long confirmedFlushLsn() throws SQLException {
        try (Connection c = db.connect()) {
            return setup.confirmedFlushLsn(c).orElse(-1);
        }
    }
}
