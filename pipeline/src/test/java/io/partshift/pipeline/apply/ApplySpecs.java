package io.partshift.pipeline.apply;

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
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.PrimaryKey;
import io.partshift.partitioning.catalog.SourceTable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Specs and catalog records for the applier's tests, built without the option parser or a database. */
final class ApplySpecs {
    static final TableRef EVENTS = new TableRef("public", "events");

    private ApplySpecs() {
    }

    static PartitionLevel range(String column, String interval) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.RANGE, column),
                Optional.of(PartitionInterval.parse(interval, "interval")), OptionalInt.empty(), List.of());
    }

    static PartitionLevel list(String column) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.LIST, column), Optional.empty(),
                OptionalInt.empty(), List.of());
    }

    static PartitionLevel hash(String column, int modulus) {
        return new PartitionLevel(new PartitionKey(PartitionMethod.HASH, column), Optional.empty(),
                OptionalInt.of(modulus), List.of());
    }

    static PartitioningSpec partitioning(PartitionLevel top, int premake) {
        return new PartitioningSpec(top, Optional.empty(), true, premake, Optional.empty(), 1000);
    }

    static PartitioningSpec partitioning(PartitionLevel top, PartitionLevel sub) {
        return new PartitioningSpec(top, Optional.of(sub), true, 1, Optional.empty(), 1000);
    }

    /** A migration of public.events with the options' defaults. */
    static MigrationSpec migration(String url, String user, PartitioningSpec partitioning) {
        TargetSpec target = new TargetSpec(new ConnectionSpec(url, user, Secret.none()), EVENTS, "partshift");
        return new MigrationSpec(target, partitioning,
                new CopySpec(10_000, Duration.ofMillis(500), 2, Duration.ofSeconds(30)),
                new LagSpec(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5)),
                new CutoverSpec(CutoverMode.AUTO, Duration.ofSeconds(1), 10, 0), LogFormat.LOGFMT);
    }

    static Column column(String name, String type) {
        return new Column(name, 1, type, 0, 'X', type, false, Optional.empty(), '\0', Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static Column identityAlways(String name) {
        return new Column(name, 1, "bigint", 20, 'N', "int8", true, Optional.empty(), 'a', Optional.empty(),
                Optional.empty(), Optional.of("public.events_id_seq"));
    }

    static Column generated(String name, String type, String expression) {
        return new Column(name, 1, type, 0, 'N', type, false, Optional.empty(), '\0', Optional.of(expression),
                Optional.empty(), Optional.empty());
    }

    static SourceTable source(List<Column> columns, String... primaryKey) {
        return table(EVENTS, columns, primaryKey);
    }

    static SourceTable table(TableRef ref, List<Column> columns, String... primaryKey) {
        return new SourceTable(ref, 1, 'r', false, false, 'p', 'd', "app", 1000, 1 << 20, columns,
                Optional.of(new PrimaryKey("events_pkey", List.of(primaryKey))), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), false, Optional.empty());
    }
}
