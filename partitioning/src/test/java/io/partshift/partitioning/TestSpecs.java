package io.partshift.partitioning;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.CopySpec;
import io.partshift.config.CutoverMode;
import io.partshift.config.CutoverSpec;
import io.partshift.config.LagSpec;
import io.partshift.config.ListGroup;
import io.partshift.config.LogFormat;
import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitionInterval;
import io.partshift.config.PartitionKey;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitioningSpec;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import io.partshift.config.TargetSpec;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds specs for tests without going through the option parser. */
public final class TestSpecs {
    private TestSpecs() {
    }

    public static PartitionLevel range(String column, String interval) {
        return new PartitionLevel(new PartitionKey(io.partshift.config.PartitionMethod.RANGE, column),
                Optional.of(PartitionInterval.parse(interval, "interval")), OptionalInt.empty(), List.of());
    }

    public static PartitionLevel list(String column, String... groups) {
        return new PartitionLevel(new PartitionKey(io.partshift.config.PartitionMethod.LIST, column),
                Optional.empty(), OptionalInt.empty(),
                Arrays.stream(groups).map(g -> ListGroup.parse(g, "list-group")).toList());
    }

    public static PartitionLevel hash(String column, int modulus) {
        return new PartitionLevel(new PartitionKey(io.partshift.config.PartitionMethod.HASH, column),
                Optional.empty(), OptionalInt.of(modulus), List.of());
    }

    public static PartitioningSpec partitioning(PartitionLevel top) {
        return new PartitioningSpec(top, Optional.empty(), true, 3, Optional.empty(), 1000);
    }

    public static PartitioningSpec partitioning(PartitionLevel top, PartitionLevel sub) {
        return new PartitioningSpec(top, Optional.of(sub), true, 3, Optional.empty(), 1000);
    }

    /** A migration of {@code table} (schema.table) in the database at {@code url}, with the options' defaults. */
    public static MigrationSpec migration(String url, String user, String table, PartitioningSpec partitioning) {
        TargetSpec target = new TargetSpec(new ConnectionSpec(url, user, Secret.none()), TableRef.parse(table), "partshift");
        return new MigrationSpec(target, partitioning,
                new CopySpec(10_000, Duration.ofMillis(500), 2, Duration.ofSeconds(30)),
                new LagSpec(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5)),
                new CutoverSpec(CutoverMode.AUTO, Duration.ofSeconds(1), 10, 0), LogFormat.LOGFMT);
    }
}
