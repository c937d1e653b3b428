package io.partshift.config;

import static io.partshift.config.OptionGroup.CONNECTION;
import static io.partshift.config.OptionGroup.COPY;
import static io.partshift.config.OptionGroup.CUTOVER;
import static io.partshift.config.OptionGroup.LAG;
import static io.partshift.config.OptionGroup.LIFECYCLE;
import static io.partshift.config.OptionGroup.OUTPUT;
import static io.partshift.config.OptionGroup.PARTITIONING;
import static io.partshift.config.OptionGroup.TARGET;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every option partshift takes, declared once with its default, validator and description. CLI flags, spec-file keys,
 * help text and docs/options.md are all generated from this list.
 */
public final class Options {
    /** No upper bound for a duration. */
    private static final Duration NO_LIMIT = null;

    // connection
    public static final OptionDef<String> URL = OptionDef.builder("url", CONNECTION, "URL", JdbcUrl::parse)
            .description("JDBC URL of the database, e.g. jdbc:postgresql://db:5432/app; when absent it is built from"
                    + " PGHOST, PGPORT and PGDATABASE.").build();
    public static final OptionDef<String> USER = OptionDef.builder("user", CONNECTION, "NAME", Values::nonBlank)
            .description("Database user; when absent PGUSER, then the operating-system user.").build();
    public static final OptionDef<Path> PASSWORD_FILE = OptionDef.builder("password-file", CONNECTION, "PATH",
                    Values::readableFile)
            .description("File whose first line is the password; when absent PGPASSWORD is used.").build();

    // target
    public static final OptionDef<TableRef> TABLE = OptionDef.builder("table", TARGET, "SCHEMA.TABLE",
                    (text, option) -> TableRef.parse(text))
            .description("The table to partition, as schema.table (schema defaults to public; quote mixed-case"
                    + " names).").build();
    public static final OptionDef<String> STATE_SCHEMA = OptionDef.builder("state-schema", TARGET, "NAME",
                    Values::plainIdentifier)
            .description("Schema where partshift keeps its migration state.").defaultText("partshift").build();

    // partitioning
    public static final OptionDef<PartitionKey> PARTITION_BY = OptionDef.builder("partition-by", PARTITIONING,
                    "CLAUSE", PartitionKey::parse)
            .description("How to partition, in PostgreSQL's words: RANGE (col), LIST (col) or HASH (col).").build();
    public static final OptionDef<PartitionInterval> INTERVAL = OptionDef.builder("interval", PARTITIONING,
                    "INTERVAL", PartitionInterval::parse)
            .description("Width of each RANGE partition: 1 day, 1 week, 1 month, 3 months, 1 year, or a number for"
                    + " integer keys.").build();
    public static final OptionDef<Integer> MODULUS = OptionDef.builder("modulus", PARTITIONING, "N",
                    Values.integer(2, 1024))
            .description("Number of HASH partitions.").build();
    public static final OptionDef<ListGroup> LIST_GROUP = OptionDef.builder("list-group", PARTITIONING,
                    "NAME=V1,V2", ListGroup::parse)
            .description("Puts several LIST values in one partition (repeatable); with groups, values in no"
                    + " group go to DEFAULT. Without groups every existing value gets a partition of its own.").multiValued().build();
    public static final OptionDef<PartitionKey> SUBPARTITION_BY = OptionDef.builder("subpartition-by", PARTITIONING,
                    "CLAUSE", PartitionKey::parse)
            .description("Optional second level inside each partition, e.g. HASH (id).").build();
    public static final OptionDef<PartitionInterval> SUB_INTERVAL = OptionDef.builder("sub-interval", PARTITIONING,
                    "INTERVAL", PartitionInterval::parse)
            .description("Width of each RANGE sub-partition.").build();
    public static final OptionDef<Integer> SUB_MODULUS = OptionDef.builder("sub-modulus", PARTITIONING, "N",
                    Values.integer(2, 1024))
            .description("Number of HASH sub-partitions in each partition.").build();
    public static final OptionDef<ListGroup> SUB_LIST_GROUP = OptionDef.builder("sub-list-group", PARTITIONING,
                    "NAME=V1,V2", ListGroup::parse)
            .description("Puts several LIST values in one sub-partition.").multiValued().build();
    public static final OptionDef<Boolean> DEFAULT_PARTITION = OptionDef.builder("default-partition", PARTITIONING,
                    "BOOLEAN", Values::bool)
            .description("Create a DEFAULT partition for rows no other partition accepts (not possible under"
                    + " HASH).").defaultText("true").booleanFlag().build();
    public static final OptionDef<Integer> PREMAKE = OptionDef.builder("premake", PARTITIONING, "N",
                    Values.integer(0, Integer.MAX_VALUE))
            .description("How many future RANGE partitions to create beyond today and the newest row.")
            .defaultText("3").build();
    public static final OptionDef<TimeInterval> RETENTION = OptionDef.builder("retention", PARTITIONING,
                    "INTERVAL", TimeInterval::parse)
            .description("How much history the partition lifecycle keeps (time RANGE only); absent keeps"
                    + " everything.").build();
    public static final OptionDef<Integer> MAX_PARTITIONS = OptionDef.builder("max-partitions", PARTITIONING, "N",
                    Values.integer(1, Integer.MAX_VALUE))
            .description("Refuse a plan with more leaf partitions than this, to catch a mistyped interval.")
            .defaultText("1000").build();

    // partition lifecycle (maintain, partitions)
    public static final OptionDef<String> ARCHIVE_SCHEMA = OptionDef.builder("archive-schema", LIFECYCLE, "NAME",
                    Values::plainIdentifier)
            .description("With --retention, move partitions that fall out of the window into this schema (created if"
                    + " missing) instead of dropping them.").build();
    public static final OptionDef<Long> MAX_PARTITION_SIZE = OptionDef.builder("max-partition-size", LIFECYCLE,
                    "SIZE", Values::size)
            .description("The partitions report warns about any partition larger than this, e.g. 10GB or 500MB;"
                    + " absent never warns about size.").build();
    public static final OptionDef<Duration> MAINTAIN_LOCK_TIMEOUT = OptionDef.builder("maintain-lock-timeout",
                    LIFECYCLE, "DURATION", Values.duration(Duration.ofMillis(10), Duration.ofSeconds(60)))
            .description("Longest one maintenance step waits for its lock, and so blocks writers queued behind it.")
            .defaultText("1s").build();
    public static final OptionDef<Integer> MAINTAIN_LOCK_RETRIES = OptionDef.builder("maintain-lock-retries",
                    LIFECYCLE, "N", Values.integer(1, Integer.MAX_VALUE))
            .description("Attempts of one maintenance step whose lock timed out, with backoff between them.")
            .defaultText("5").build();

    // copy
    public static final OptionDef<Integer> COPY_CHUNK_ROWS = OptionDef.builder("copy-chunk-rows", COPY, "N",
                    Values.integer(100, Integer.MAX_VALUE))
            .description("Rows in the first copy chunk; later chunks adapt to --copy-chunk-target.")
            .defaultText("10000").build();
    public static final OptionDef<Duration> COPY_CHUNK_TARGET = OptionDef.builder("copy-chunk-target", COPY,
                    "DURATION", Values.duration(Duration.ofMillis(10), Duration.ofMinutes(10)))
            .description("How long one copy chunk should take.").defaultText("500ms").build();
    public static final OptionDef<Integer> COPY_PARALLELISM = OptionDef.builder("copy-parallelism", COPY, "N",
                    Values.integer(1, 64))
            .description("How many key ranges are copied at once.").defaultText("2").build();
    public static final OptionDef<Duration> MAX_LAG = OptionDef.builder("max-lag", COPY, "DURATION",
                    Values.duration(Duration.ofMillis(1), NO_LIMIT))
            .description("The copier pauses while the change stream is further behind than this.")
            .defaultText("30s").build();

    // lag
    public static final OptionDef<Duration> LAG_INTERVAL = OptionDef.builder("lag-interval", LAG, "DURATION",
                    Values.duration(Duration.ofMillis(100), NO_LIMIT))
            .description("How often a lag line is logged.").defaultText("5s").build();
    public static final OptionDef<Duration> CUTOVER_LAG = OptionDef.builder("cutover-lag", LAG, "DURATION",
                    Values.duration(Duration.ofMillis(1), NO_LIMIT))
            .description("Lag under which the shadow is close enough to cut over.").defaultText("500ms").build();
    public static final OptionDef<Duration> CONVERGE_WINDOW = OptionDef.builder("converge-window", LAG, "DURATION",
                    Values.duration(Duration.ZERO, NO_LIMIT))
            .description("How long lag must stay under --cutover-lag before the shadow counts as converged.")
            .defaultText("5s").build();

    // cutover
    public static final OptionDef<CutoverMode> CUTOVER = OptionDef.builder("cutover", OptionGroup.CUTOVER,
                    "auto|postpone", Values.oneOf(CutoverMode.class))
            .description("auto swaps as soon as the shadow is converged and verified; postpone waits for the"
                    + " cutover command.").defaultText("auto").build();
    public static final OptionDef<Duration> LOCK_TIMEOUT = OptionDef.builder("lock-timeout", OptionGroup.CUTOVER,
                    "DURATION", Values.duration(Duration.ofMillis(10), Duration.ofSeconds(60)))
            .description("Longest one swap attempt waits for its lock, and so blocks writers queued behind it.")
            .defaultText("1s").build();
    public static final OptionDef<Integer> LOCK_RETRIES = OptionDef.builder("lock-retries", OptionGroup.CUTOVER, "N",
                    Values.integer(1, Integer.MAX_VALUE))
            .description("Swap attempts before giving up, with backoff between them.").defaultText("10").build();
    public static final OptionDef<Integer> CANCEL_BLOCKERS_AFTER = OptionDef.builder("cancel-blockers-after",
                    OptionGroup.CUTOVER, "N", Values.integer(0, Integer.MAX_VALUE))
            .description("After this many failed attempts, cancel the sessions blocking the swap; 0 never does.")
            .defaultText("0").build();

    // output
    public static final OptionDef<LogFormat> LOG_FORMAT = OptionDef.builder("log-format", OUTPUT, "logfmt|json",
                    Values.oneOf(LogFormat.class))
            .description("Format of log, lag and progress lines.").defaultText("logfmt").build();

    private static final List<OptionDef<?>> ALL = List.of(
            URL, USER, PASSWORD_FILE,
            TABLE, STATE_SCHEMA,
            PARTITION_BY, INTERVAL, MODULUS, LIST_GROUP, SUBPARTITION_BY, SUB_INTERVAL, SUB_MODULUS, SUB_LIST_GROUP,
            DEFAULT_PARTITION, PREMAKE, RETENTION, MAX_PARTITIONS,
            ARCHIVE_SCHEMA, MAX_PARTITION_SIZE, MAINTAIN_LOCK_TIMEOUT, MAINTAIN_LOCK_RETRIES,
            COPY_CHUNK_ROWS, COPY_CHUNK_TARGET, COPY_PARALLELISM, MAX_LAG,
            LAG_INTERVAL, CUTOVER_LAG, CONVERGE_WINDOW,
            CUTOVER, LOCK_TIMEOUT, LOCK_RETRIES, CANCEL_BLOCKERS_AFTER,
            LOG_FORMAT);

    private Options() {
    }

    /** Every option, grouped and in the order help and docs show them. */
    public static List<OptionDef<?>> all() {
        return ALL;
    }

    /** The option with this name (no leading dashes), if there is one. */
    public static java.util.Optional<OptionDef<?>> byName(String name) {
        return ALL.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
