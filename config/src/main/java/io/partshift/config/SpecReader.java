package io.partshift.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the options from their sources, checks each value as it reads it, and freezes them into
 * {@link TargetSpec} or {@link MigrationSpec} after the rules that involve several options. Precedence: flags, then
 * the spec file, then the environment (libpq's PG* variables), then defaults. A bad value is always an error; it is
 * never replaced by a default.
 */
public final class SpecReader {
    /** Where an effective value came from. */
    public enum Source { FLAG, FILE, ENVIRONMENT, DEFAULT }

    /** One effective value as text (multi-valued options joined with "; ") and where it came from. */
    public record Setting(String value, Source source) {
    }

    /** Values given explicitly by flag or file, already parsed; {@code texts} are what the user wrote. */
    private record Given(List<Object> values, List<String> texts, Source source) {
    }

    private final Optional<Path> specFile;
    private final Map<OptionDef<?>, Given> given;
    private final Map<String, String> env;

    private SpecReader(Optional<Path> specFile, Map<OptionDef<?>, Given> given, Map<String, String> env) {
        this.specFile = specFile;
        this.given = given;
        this.env = env;
    }

    /**
     * Reads and checks every value given.
     *
     * @param specFile the YAML spec file, if one was named
     * @param flags    CLI values by option name without leading dashes; a boolean may come as {@code no-NAME} or
     *                 with no value, meaning false or true
     * @param env      environment variables (pass {@code System.getenv()}); only PGHOST, PGPORT, PGDATABASE,
     *                 PGUSER and PGPASSWORD are read
     * @throws BadInputException for an unknown option, a bad value, or an unreadable or malformed spec file
     */
    public static SpecReader read(Optional<Path> specFile, Map<String, List<String>> flags, Map<String, String> env) {
        Objects.requireNonNull(specFile, "specFile");
        Map<String, List<String>> fromFlags = FlagValues.normalize(Objects.requireNonNull(flags, "flags"));
        Map<String, List<String>> fromFile = specFile.map(SpecFile::read).orElse(Map.of());
        Map<OptionDef<?>, Given> given = new LinkedHashMap<>();
        for (OptionDef<?> option : Options.all()) {
            if (fromFlags.containsKey(option.name())) {
                given.put(option, parse(option, fromFlags.get(option.name()), Source.FLAG, ""));
            } else if (fromFile.containsKey(option.name())) {
                given.put(option, parse(option, fromFile.get(option.name()), Source.FILE,
                        "spec file " + specFile.get() + ": "));
            }
        }
        return new SpecReader(specFile, given, Map.copyOf(Objects.requireNonNull(env, "env")));
    }

    private static Given parse(OptionDef<?> option, List<String> texts, Source source, String where) {
        List<Object> values = new ArrayList<>();
        for (String text : texts) {
            try {
                values.add(option.parse(text));
            } catch (BadInputException e) {
                throw where.isEmpty() ? e : new BadInputException(where + e.getMessage(), e);
            }
        }
        return new Given(List.copyOf(values), texts.stream().map(String::trim).toList(), source);
    }

    /** The spec file the values were read from, if any. */
    public Optional<Path> specFile() {
        return specFile;
    }

    /** Whether the option was given by flag or spec file (rather than taken from a default). */
    public boolean isGiven(OptionDef<?> option) {
        return given.containsKey(option);
    }

    /** Where a given option's value came from; empty when it was not given. */
    Optional<Source> sourceOf(OptionDef<?> option) {
        return Optional.ofNullable(given.get(option)).map(Given::source);
    }

    /** The value given for a single-valued option, else its default, else empty. */
    public <T> Optional<T> get(OptionDef<T> option) {
        if (option.multiValued()) {
            throw new IllegalArgumentException(option + " is multi-valued: use getAll");
        }
        Given g = given.get(option);
        if (g == null) {
            return option.defaultValue();
        }
        @SuppressWarnings("unchecked") // the option's own parser produced it
        T value = (T) g.values().get(0);
        return Optional.of(value);
    }

    /** Every value given for a multi-valued option, in order; empty when none was given. */
    public <T> List<T> getAll(OptionDef<T> option) {
        Given g = given.get(option);
        if (g == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked") // the option's own parser produced them
        List<T> values = (List<T>) g.values();
        return values;
    }

    /** A single-valued option that has a default, so it always has a value. */
    <T> T valueOf(OptionDef<T> option) {
        return get(option).orElseThrow(() -> new IllegalStateException(option + " has no default"));
    }

    /** What commands that only look at a table need. */
    public TargetSpec target() {
        TableRef table = get(Options.TABLE).orElseThrow(() -> new BadInputException("no table given: name the table"
                + " to migrate with --table schema.table, or 'table:' in the spec file."));
        return new TargetSpec(new ConnectionResolver(this, env).connection(), table, valueOf(Options.STATE_SCHEMA));
    }

    /** The whole migration, after the rules that involve several options. */
    public MigrationSpec migration() {
        TargetSpec target = target();
        PartitioningSpec partitioning = PartitioningRules.check(this);
        CopySpec copy = new CopySpec(valueOf(Options.COPY_CHUNK_ROWS), valueOf(Options.COPY_CHUNK_TARGET),
                valueOf(Options.COPY_PARALLELISM), valueOf(Options.MAX_LAG));
        LagSpec lag = new LagSpec(valueOf(Options.LAG_INTERVAL), valueOf(Options.CUTOVER_LAG),
                valueOf(Options.CONVERGE_WINDOW));
        int retries = valueOf(Options.LOCK_RETRIES);
        int cancelAfter = valueOf(Options.CANCEL_BLOCKERS_AFTER);
        if (cancelAfter >= retries) {
            throw new BadInputException("--cancel-blockers-after " + cancelAfter + " would never take effect with"
                    + " --lock-retries " + retries + ": make it smaller than --lock-retries, or 0 to never cancel.");
        }
        CutoverSpec cutover = new CutoverSpec(valueOf(Options.CUTOVER), valueOf(Options.LOCK_TIMEOUT), retries,
                cancelAfter);
        return new MigrationSpec(target, partitioning, copy, lag, cutover, valueOf(Options.LOG_FORMAT));
    }

    /**
     * The lifecycle settings; {@code --archive-schema} needs {@code --retention} (it says where expired partitions
     * go) and a schema other than the table's.
     */
    public LifecycleSpec lifecycle() {
        Optional<String> archive = get(Options.ARCHIVE_SCHEMA);
        if (archive.isPresent() && !isGiven(Options.RETENTION)) {
            throw new BadInputException(Options.ARCHIVE_SCHEMA.flag() + " says where partitions past the retention"
                    + " window go, but no " + Options.RETENTION.flag() + " is given: add e.g. "
                    + Options.RETENTION.flag() + " \"24 months\", or remove " + Options.ARCHIVE_SCHEMA.flag() + ".");
        }
        Optional<TableRef> table = get(Options.TABLE);
        if (archive.isPresent() && table.isPresent() && archive.get().equals(table.get().schema())) {
            throw new BadInputException(Options.ARCHIVE_SCHEMA.flag() + " " + archive.get() + " is the schema of "
                    + table.get() + " itself: name another schema, e.g. archive.");
        }
        OptionalLong maxBytes = get(Options.MAX_PARTITION_SIZE).map(OptionalLong::of).orElse(OptionalLong.empty());
        return new LifecycleSpec(archive, maxBytes, valueOf(Options.MAINTAIN_LOCK_TIMEOUT),
                valueOf(Options.MAINTAIN_LOCK_RETRIES));
    }

    /** What {@code maintain} needs: the table, its partitioning (checked as for a migration) and the lifecycle. */
    public MaintenanceSpec maintenance() {
        return new MaintenanceSpec(target(), PartitioningRules.check(this), lifecycle());
    }

    /**
     * Every option that has a value, as text, with where it came from, in the order of {@link Options#all()}; the
     * URL and user show what the environment resolved to. The password is never included.
     */
    public Map<String, Setting> effectiveValues() {
        Map<String, Setting> settings = new LinkedHashMap<>();
        ConnectionResolver connection = new ConnectionResolver(this, env);
        for (OptionDef<?> option : Options.all()) {
            Given g = given.get(option);
            if (g != null) {
                settings.put(option.name(), new Setting(String.join("; ", g.texts()), g.source()));
            } else if (option == Options.URL) {
                settings.put(option.name(), new Setting(connection.url(), Source.ENVIRONMENT));
            } else if (option == Options.USER) {
                settings.put(option.name(), connection.userSetting());
            } else if (option.defaultText().isPresent()) {
                settings.put(option.name(), new Setting(option.defaultText().get(), Source.DEFAULT));
            }
        }
        return settings;
    }

    @Override
    public String toString() {
        return "SpecReader[specFile=" + specFile.map(Path::toString).orElse("(none)") + ", given="
                + given.keySet().stream().map(OptionDef::name).toList() + "]";
    }
}
