package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources, precedence, and the spec file's shape. */
class SpecReaderTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    private Path spec(String yaml) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), yaml);
    }

    private static Map<String, List<String>> flags(String... nameValue) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            flags.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return flags;
    }

    private static String error(Runnable action) {
        return assertThrows(BadInputException.class, action::run).getMessage();
    }

    @Test
    void flagsOverrideFileWhichOverridesEnvironmentWhichOverridesDefaults() throws IOException {
        Path file = spec("table: public.events\nuser: from_file\npremake: 5\nlock-timeout: 2s\n");
        Map<String, String> env = Map.of("PGUSER", "from_env", "PGHOST", "envhost");

        SpecReader fileOnly = SpecReader.read(Optional.of(file), Map.of(), env);
        assertEquals(5, fileOnly.get(Options.PREMAKE).orElseThrow());
        assertEquals("from_file", fileOnly.target().connection().user(), "file beats PGUSER");
        assertEquals(Duration.ofSeconds(2), fileOnly.get(Options.LOCK_TIMEOUT).orElseThrow());
        assertEquals(Duration.ofSeconds(5), fileOnly.get(Options.LAG_INTERVAL).orElseThrow(), "default");

        SpecReader withFlags = SpecReader.read(Optional.of(file), flags("premake", "7", "user", "from_flag"), env);
        assertEquals(7, withFlags.get(Options.PREMAKE).orElseThrow());
        assertEquals("from_flag", withFlags.target().connection().user());
        assertEquals(Duration.ofSeconds(2), withFlags.get(Options.LOCK_TIMEOUT).orElseThrow(), "file still applies");

        SpecReader envOnly = SpecReader.read(Optional.empty(), flags("table", "t"), env);
        assertEquals("from_env", envOnly.target().connection().user());
        assertEquals("jdbc:postgresql://envhost:5432/from_env", envOnly.target().connection().url());
    }

    @Test
    void effectiveValuesSayWhereEachSettingCameFrom() throws IOException {
        Path file = spec("table: public.events\npremake: 5\n");
        SpecReader r = SpecReader.read(Optional.of(file), flags("premake", "7", "max-lag", "1m"),
                Map.of("PGUSER", "app", "PGPASSWORD", "hunter2-secret"));
        Map<String, SpecReader.Setting> values = r.effectiveValues();
        assertEquals(new SpecReader.Setting("7", SpecReader.Source.FLAG), values.get("premake"));
        assertEquals(new SpecReader.Setting("public.events", SpecReader.Source.FILE), values.get("table"));
        assertEquals(new SpecReader.Setting("app", SpecReader.Source.ENVIRONMENT), values.get("user"));
        assertEquals(new SpecReader.Setting("jdbc:postgresql://localhost:5432/app", SpecReader.Source.ENVIRONMENT),
                values.get("url"));
        assertEquals(new SpecReader.Setting("500ms", SpecReader.Source.DEFAULT), values.get("cutover-lag"));
        assertTrue(!values.containsKey("retention") && !values.containsKey("password-file"), values.toString());
        assertTrue(!values.toString().contains("hunter2"), values.toString());
    }

    @Test
    void aBadValueInTheFileIsAnErrorNamingTheFileNotADefault() throws IOException {
        Path file = spec("table: t\npremake: -2\n");
        String message = error(() -> SpecReader.read(Optional.of(file), Map.of(), NO_ENV));
        assertTrue(message.startsWith("spec file " + file + ": --premake -2 is out of range"), message);
    }

    @Test
    void yamlTypedScalarsAndListsAreAccepted() throws IOException {
        Path file = spec("""
                table: public.events
                partition-by: LIST (region)
                list-group:
                  - eu=DE,FR
                  - "us=US,CA"
                subpartition-by: RANGE (created_at)
                sub-interval: 1 month
                default-partition: false
                premake: 4
                copy-chunk-rows: 20000
                cutover: postpone
                """);
        MigrationSpec m = SpecReader.read(Optional.of(file), Map.of(), Map.of("PGUSER", "u")).migration();
        assertEquals(List.of(new ListGroup("eu", List.of("DE", "FR")), new ListGroup("us", List.of("US", "CA"))),
                m.partitioning().top().groups());
        assertEquals(false, m.partitioning().defaultPartition());
        assertEquals(4, m.partitioning().premake());
        assertEquals(20000, m.copy().chunkRows());
        assertEquals(CutoverMode.POSTPONE, m.cutover().mode());
        assertEquals(new TimeInterval(1, TimeInterval.Unit.MONTH), m.partitioning().sub().orElseThrow().interval()
                .orElseThrow());
    }

    @Test
    void aNumericIntervalMayBeAYamlNumberAndASingleGroupMayBeAScalar() throws IOException {
        Path file = spec("table: t\npartition-by: RANGE (id)\ninterval: 1000000\n");
        assertEquals("1000000", SpecReader.read(Optional.of(file), Map.of(), Map.of("PGUSER", "u")).migration()
                .partitioning().top().interval().orElseThrow().toString());
        Path single = spec("partition-by: LIST (r)\nlist-group: eu=DE,FR\n");
        assertEquals(1, SpecReader.read(Optional.of(single), Map.of(), NO_ENV).getAll(Options.LIST_GROUP).size());
    }

    @Test
    void flagsReplaceTheFilesListRatherThanAddingToIt() throws IOException {
        Path file = spec("list-group: [\"eu=DE\", \"us=US\"]\n");
        SpecReader r = SpecReader.read(Optional.of(file), flags("list-group", "apac=JP"), NO_ENV);
        assertEquals(List.of(new ListGroup("apac", List.of("JP"))), r.getAll(Options.LIST_GROUP));
    }

    @Test
    void unknownFileKeyIsRefusedWithASuggestion() throws IOException {
        Path file = spec("parition-by: RANGE (a)\n");
        assertEquals("spec file " + file + " has an unknown key 'parition-by': did you mean partition-by?",
                error(() -> SpecReader.read(Optional.of(file), Map.of(), NO_ENV)));
        Path far = spec("colour: blue\n");
        String message = error(() -> SpecReader.read(Optional.of(far), Map.of(), NO_ENV));
        assertTrue(message.contains("unknown key 'colour'") && !message.contains("did you mean"), message);
    }

    @Test
    void unknownFlagIsRefusedWithASuggestion() {
        assertEquals("--lock-timout is not an option: did you mean --lock-timeout?",
                error(() -> SpecReader.read(Optional.empty(), flags("lock-timout", "1s"), NO_ENV)));
        assertEquals("--tabel is not an option: did you mean --table?",
                error(() -> SpecReader.read(Optional.empty(), flags("tabel", "t"), NO_ENV)));
        assertEquals("--sub_modulus is not an option: did you mean --sub-modulus?",
                error(() -> SpecReader.read(Optional.empty(), flags("sub_modulus", "4"), NO_ENV)));
        String message = error(() -> SpecReader.read(Optional.empty(), flags("frobnicate", "1"), NO_ENV));
        assertTrue(message.startsWith("--frobnicate is not an option") && !message.contains("did you mean"), message);
    }

    @Test
    void aPasswordKeyInTheFileIsRefused() throws IOException {
        Path file = spec("table: t\npassword: hunter2\n");
        String message = error(() -> SpecReader.read(Optional.of(file), Map.of(), NO_ENV));
        assertEquals("do not put passwords in the spec file: use PGPASSWORD or --password-file.", message);
        String flag = error(() -> SpecReader.read(Optional.empty(), flags("password", "hunter2"), NO_ENV));
        assertTrue(flag.contains("PGPASSWORD") && !flag.contains("hunter2"), flag);
    }

    @Test
    void specFileProblemsAreOneSentenceErrors() throws IOException {
        Path missing = dir.resolve("missing.yaml");
        assertEquals("spec file " + missing + " does not exist: check the path.",
                error(() -> SpecReader.read(Optional.of(missing), Map.of(), NO_ENV)));
        assertTrue(error(() -> SpecReader.read(Optional.of(dir), Map.of(), NO_ENV)).contains("not a regular file"));

        Path broken = spec("table: [unclosed\n");
        String invalid = error(() -> SpecReader.read(Optional.of(broken), Map.of(), NO_ENV));
        assertTrue(invalid.startsWith("spec file " + broken + " is not valid YAML at line"), invalid);

        Path list = spec("- table: t\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(list), Map.of(), NO_ENV)).contains("must be a mapping"));
        Path scalar = spec("just text\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(scalar), Map.of(), NO_ENV)).contains("not a single value"));

        Path duplicate = spec("premake: 1\npremake: 2\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(duplicate), Map.of(), NO_ENV)).contains("not valid YAML"));

        Path twoDocs = spec("premake: 1\n---\npremake: 2\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(twoDocs), Map.of(), NO_ENV)).contains("more than one"));
    }

    @Test
    void theFilesShapeIsChecked() throws IOException {
        Path nested = spec("connection:\n  url: jdbc:postgresql://x/y\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(nested), Map.of(), NO_ENV)).contains("unknown key"));
        Path nestedValue = spec("table:\n  name: t\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(nestedValue), Map.of(), NO_ENV)).contains("nested"));
        Path listForScalar = spec("premake: [1, 2]\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(listForScalar), Map.of(), NO_ENV)).contains("a list"));
        Path empty = spec("premake:\n");
        assertTrue(error(() -> SpecReader.read(Optional.of(empty), Map.of(), NO_ENV)).contains("no value"));
        Path onlyComments = spec("# nothing yet\n");
        assertEquals(3, SpecReader.read(Optional.of(onlyComments), Map.of(), NO_ENV).get(Options.PREMAKE).orElseThrow());
    }

    @Test
    void booleanFlagsMayBeBareOrNegated() {
        assertEquals(false, SpecReader.read(Optional.empty(), Map.of("no-default-partition", List.of()), NO_ENV)
                .get(Options.DEFAULT_PARTITION).orElseThrow());
        assertEquals(true, SpecReader.read(Optional.empty(), Map.of("--default-partition", List.of()), NO_ENV)
                .get(Options.DEFAULT_PARTITION).orElseThrow());
        assertEquals(false, SpecReader.read(Optional.empty(), flags("default-partition", "off"), NO_ENV)
                .get(Options.DEFAULT_PARTITION).orElseThrow());
        Map<String, List<String>> both = Map.of("default-partition", List.of(), "no-default-partition", List.of());
        assertTrue(error(() -> SpecReader.read(Optional.empty(), both, NO_ENV)).contains("more than once"));
        assertTrue(error(() -> SpecReader.read(Optional.empty(), Map.of("no-premake", List.of()), NO_ENV))
                .startsWith("--no-premake is not an option"));
    }

    @Test
    void aSingleValuedFlagGivenTwiceOrEmptyIsAnError() {
        assertEquals("--premake was given 2 times: give it once.",
                error(() -> SpecReader.read(Optional.empty(), flags("premake", "1", "premake", "2"), NO_ENV)));
        assertEquals("--premake has no value: give one, e.g. --premake N.",
                error(() -> SpecReader.read(Optional.empty(), Map.of("premake", List.of()), NO_ENV)));
        assertEquals(2, SpecReader.read(Optional.empty(), flags("list-group", "a=1", "list-group", "b=2"), NO_ENV)
                .getAll(Options.LIST_GROUP).size());
    }

    @Test
    void targetRequiresTable() {
        assertEquals("no table given: name the table to migrate with --table schema.table, or 'table:' in the spec"
                + " file.", error(() -> SpecReader.read(Optional.empty(), Map.of(), NO_ENV).target()));
        TargetSpec target = SpecReader.read(Optional.empty(), flags("table", "Sales.\"Orders\"", "state-schema", "ops"),
                Map.of("PGUSER", "u")).target();
        assertEquals(new TableRef("sales", "Orders"), target.table());
        assertEquals("ops", target.stateSchema());
    }

    @Test
    void migrationCarriesEveryValueIntoTheRecords() {
        MigrationSpec m = SpecReader.read(Optional.empty(), flags("table", "t", "partition-by", "HASH (id)",
                "modulus", "16", "copy-parallelism", "4", "lag-interval", "1s", "lock-retries", "5",
                "cancel-blockers-after", "3", "log-format", "json", "no-default-partition", "true"),
                Map.of("PGUSER", "u")).migration();
        assertEquals(16, m.partitioning().top().modulus().getAsInt());
        assertEquals(new CopySpec(10000, Duration.ofMillis(500), 4, Duration.ofSeconds(30)), m.copy());
        assertEquals(new LagSpec(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(5)), m.lag());
        assertEquals(new CutoverSpec(CutoverMode.AUTO, Duration.ofSeconds(1), 5, 3), m.cutover());
        assertEquals(LogFormat.JSON, m.logFormat());
        assertEquals(false, m.partitioning().defaultPartition());
    }

    @Test
    void cancelBlockersAfterMustBeReachable() {
        String message = error(() -> SpecReader.read(Optional.empty(), flags("table", "t", "partition-by",
                "HASH (id)", "modulus", "4", "cancel-blockers-after", "10"), Map.of("PGUSER", "u")).migration());
        assertEquals("--cancel-blockers-after 10 would never take effect with --lock-retries 10: make it smaller than"
                + " --lock-retries, or 0 to never cancel.", message);
    }
}
