package io.partshift.pipeline.verify;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.CopySpec;
import io.partshift.config.CutoverMode;
import io.partshift.config.CutoverSpec;
import io.partshift.config.LagSpec;
import io.partshift.config.LogFormat;
import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitionInterval;
import io.partshift.config.PartitionKey;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitionMethod;
import io.partshift.config.PartitioningSpec;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import io.partshift.config.TargetSpec;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.RowComparison;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.shadow.ShadowCreator;
import io.partshift.partitioning.shadow.ShadowPlans;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A source table and its shadow built the way {@code partshift prepare} builds it (ShadowPlans + ShadowCreator),
 * filled by INSERT ... SELECT, and the verifier run against it from a REPEATABLE READ snapshot.
 */
final class VerifyFixture {
    final TestDatabase db;
    final TableRef table;
    SourceTable source;
    TableRef shadow;

    VerifyFixture(TestDatabase db, String table) {
        this.db = db;
        this.table = TableRef.parse(table);
    }

    static PartitionLevel range(String column, String interval) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.RANGE, column),
                Optional.of(PartitionInterval.parse(interval, "interval")), OptionalInt.empty(), List.of());
    }

    static PartitionLevel hash(String column, int modulus) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.HASH, column), Optional.empty(),
                OptionalInt.of(modulus), List.of());
    }

    MigrationSpec spec(PartitionLevel top, boolean defaultPartition) {
        TargetSpec target = new TargetSpec(new ConnectionSpec(db.url(), db.user(), Secret.none()), table, "partshift");
        return new MigrationSpec(target, new PartitioningSpec(top, Optional.empty(), defaultPartition, 2,
                Optional.empty(), 1000), new CopySpec(10_000, Duration.ofMillis(500), 2, Duration.ofSeconds(30)),
                new LagSpec(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5)),
                new CutoverSpec(CutoverMode.AUTO, Duration.ofSeconds(1), 10, 0), LogFormat.LOGFMT);
    }

    /** Plans and creates the shadow, then copies every source row into it. */
    VerifyFixture withShadow(PartitionLevel top, boolean defaultPartition) throws SQLException {
        db.execute("ANALYZE " + table.sql());
        MigrationSpec spec = spec(top, defaultPartition);
        try (Connection c = db.connect()) {
            source = new CatalogReader(c).read(table).orElseThrow();
            new ShadowCreator(c).create(ShadowPlans.plan(c, source, spec, Clock.systemUTC()));
        }
        shadow = spec.names().shadow();
        String columns = source.columns().stream().filter(c -> !c.isGenerated()).map(Column::name)
                .map(io.partshift.config.Identifiers::quote).collect(Collectors.joining(", "));
        db.execute("INSERT INTO " + shadow.sql() + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns
                + " FROM " + table.sql());
        return this;
    }

    /** A source connection in a REPEATABLE READ READ ONLY transaction with its snapshot taken, as a point's is. */
    Connection snapshot() throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.executeQuery("SELECT 1").close();
        }
        return c;
    }

    VerificationReport verify(int chunkRows) throws Exception {
        try (Connection snapshot = snapshot(); Connection shadowConnection = db.connect()) {
            return new DataVerifier(source, shadow, chunkRows).verify(snapshot, shadowConnection,
                    new RangeRepair(source, shadow));
        }
    }

    VerificationReport compare(int chunkRows) throws Exception {
        try (Connection snapshot = snapshot(); Connection shadowConnection = db.connect()) {
            return new DataVerifier(source, shadow, chunkRows).compare(snapshot, shadowConnection);
        }
    }

    RowComparison rows() throws SQLException {
        try (Connection c = db.connect()) {
            return RowComparison.of(c, table.sql(), shadow.sql());
        }
    }

    long value(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
