package io.partshift.cli.bench;

import io.partshift.config.MigrationSpec;
import io.partshift.config.SpecReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The migration the bench runs, built through the same spec reader as {@code partshift migrate}: the sample events
 * table, monthly RANGE partitions on created_at (as the demo does), everything else at its default.
 */
final class BenchSpec {
    static final String TABLE = "public.events";

    private final String url;
    private final String user;

    BenchSpec(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /** The spec with {@code --copy-parallelism parallelism}. */
    MigrationSpec withCopyParallelism(int parallelism) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        flags.put("url", List.of(url));
        flags.put("user", List.of(user));
        flags.put("table", List.of(TABLE));
        flags.put("partition-by", List.of("RANGE (created_at)"));
        flags.put("interval", List.of("1 month"));
        flags.put("premake", List.of("3"));
        flags.put("copy-parallelism", List.of(Integer.toString(parallelism)));
        return SpecReader.read(Optional.empty(), flags, Map.of()).migration();
    }

    /** The partitioning flags, as a user would type them (printed above the table). */
    static String scheme() {
        return "--table " + TABLE + " --partition-by 'RANGE (created_at)' --interval '1 month' --premake 3";
    }
}
