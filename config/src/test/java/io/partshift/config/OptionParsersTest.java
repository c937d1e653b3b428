package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each option's own parser on good and bad values; a table per option so a new option without cases fails. */
class OptionParsersTest {
    @TempDir
    Path dir;

    /** Good text and the value it must parse to. */
    private static final Map<String, Map<String, Object>> GOOD = Map.ofEntries(
            Map.entry("url", Map.of("jdbc:postgresql://db:5432/app", "jdbc:postgresql://db:5432/app",
                    " jdbc:postgresql://db/app?sslmode=require ", "jdbc:postgresql://db/app?sslmode=require")),
            Map.entry("user", Map.of("app", "app", " bob ", "bob")),
            Map.entry("table", Map.of("events", new TableRef("public", "events"),
                    "Sales.\"Orders\"", new TableRef("sales", "Orders"))),
            Map.entry("state-schema", Map.of("partshift", "partshift", "ps_state2", "ps_state2")),
            Map.entry("partition-by", Map.of("RANGE (created_at)", key(PartitionMethod.RANGE, "created_at"),
                    "list(\"Campaign\")", key(PartitionMethod.LIST, "Campaign"), "hash (id)", key(PartitionMethod.HASH, "id"))),
            Map.entry("interval", Map.of("1 month", new TimeInterval(1, TimeInterval.Unit.MONTH),
                    "7 days", new TimeInterval(7, TimeInterval.Unit.DAY),
                    "1000000", new NumericInterval(BigInteger.valueOf(1_000_000)))),
            Map.entry("modulus", Map.of("2", 2, "1024", 1024)),
            Map.entry("list-group", Map.of("eu=DE,FR,IT", new ListGroup("eu", List.of("DE", "FR", "IT")))),
            Map.entry("subpartition-by", Map.of("HASH (id)", key(PartitionMethod.HASH, "id"))),
            Map.entry("sub-interval", Map.of("1 week", new TimeInterval(1, TimeInterval.Unit.WEEK))),
            Map.entry("sub-modulus", Map.of("8", 8)),
            Map.entry("sub-list-group", Map.of("Big=1,2", new ListGroup("big", List.of("1", "2")))),
            Map.entry("default-partition", Map.of("true", true, "yes", true, "ON", true, "false", false, "no", false,
                    "off", false)),
            Map.entry("premake", Map.of("0", 0, "3", 3)),
            Map.entry("retention", Map.of("2 years", new TimeInterval(2, TimeInterval.Unit.YEAR),
                    "1 quarter", new TimeInterval(3, TimeInterval.Unit.MONTH),
                    "4 quarters", new TimeInterval(12, TimeInterval.Unit.MONTH))),
            Map.entry("max-partitions", Map.of("1", 1, "5000", 5000)),
            Map.entry("archive-schema", Map.of("archive", "archive", "old_events", "old_events")),
            Map.entry("max-partition-size", Map.of("10GB", 10L << 30, "500 mb", 500L << 20, "1024", 1024L,
                    "2TB", 2L << 40, "8kB", 8192L)),
            Map.entry("maintain-lock-timeout", Map.of("10ms", Duration.ofMillis(10), "1s", Duration.ofSeconds(1))),
            Map.entry("maintain-lock-retries", Map.of("1", 1, "5", 5)),
            Map.entry("copy-chunk-rows", Map.of("100", 100, "50000", 50000)),
            Map.entry("copy-chunk-target", Map.of("10ms", Duration.ofMillis(10), "10m", Duration.ofMinutes(10),
                    "2 s", Duration.ofSeconds(2))),
            Map.entry("copy-parallelism", Map.of("1", 1, "64", 64)),
            Map.entry("max-lag", Map.of("30s", Duration.ofSeconds(30), "1h", Duration.ofHours(1))),
            Map.entry("lag-interval", Map.of("100ms", Duration.ofMillis(100), "5s", Duration.ofSeconds(5))),
            Map.entry("cutover-lag", Map.of("500ms", Duration.ofMillis(500))),
            Map.entry("converge-window", Map.of("0s", Duration.ZERO, "5s", Duration.ofSeconds(5))),
            Map.entry("cutover", Map.of("auto", CutoverMode.AUTO, "POSTPONE", CutoverMode.POSTPONE)),
            Map.entry("lock-timeout", Map.of("10ms", Duration.ofMillis(10), "60s", Duration.ofSeconds(60))),
            Map.entry("lock-retries", Map.of("1", 1, "10", 10)),
            Map.entry("cancel-blockers-after", Map.of("0", 0, "3", 3)),
            Map.entry("log-format", Map.of("logfmt", LogFormat.LOGFMT, "JSON", LogFormat.JSON)));

    /** Bad text and a fragment the error must contain (what is wrong, or the accepted form). */
    private static final Map<String, Map<String, String>> BAD = Map.ofEntries(
            Map.entry("url", Map.of("postgresql://db/app", "JDBC URL", "jdbc:mysql://db/app", "jdbc:postgresql:",
                    "jdbc:postgresql:", "jdbc:postgresql:")),
            Map.entry("user", Map.of("  ", "empty")),
            Map.entry("table", Map.of("a.b.c", "schema.table", "\"open", "unclosed", "my table", "double quotes")),
            Map.entry("state-schema", Map.of("Ps", "plain name", "select", "reserved", "pg_state", "pg_",
                    "a-b", "plain name")),
            Map.entry("partition-by", Map.of("created_at", "partitioning clause", "RANGE (a, b)", "more than one column",
                    "RANGE ()", "names no column", "RANGE (date_trunc('day', t))", "expression")),
            Map.entry("interval", Map.of("1 hour", "day, week, month or year", "0 months", "zero", "month",
                    "not an interval", "0", "zero")),
            Map.entry("modulus", Map.of("1", "from 2 to 1024", "1025", "from 2 to 1024", "x", "not a whole number")),
            Map.entry("list-group", Map.of("DE,FR", "name=value1,value2", "eu=", "name=value1,value2",
                    "e u=DE", "letters, digits", "eu=DE,,FR", "empty value", "default=XX", "DEFAULT partition")),
            Map.entry("subpartition-by", Map.of("HASH id", "partitioning clause")),
            Map.entry("sub-interval", Map.of("5 minutes", "day, week, month or year")),
            Map.entry("sub-modulus", Map.of("0", "from 2 to 1024")),
            Map.entry("sub-list-group", Map.of("=1", "name=value1,value2")),
            Map.entry("default-partition", Map.of("maybe", "true, false, yes, no, on or off", "1", "yes/no")),
            Map.entry("premake", Map.of("-1", "at least 0", "three", "not a whole number")),
            Map.entry("retention", Map.of("100000", "not an interval", "3 hours", "day, week, month or year")),
            Map.entry("max-partitions", Map.of("0", "at least 1")),
            Map.entry("archive-schema", Map.of("Archive", "plain name", "pg_archive", "pg_", "table", "reserved")),
            Map.entry("max-partition-size", Map.of("10 GiB", "not a size", "0GB", "zero", "1.5GB", "not a size",
                    "99999999999TB", "out of range")),
            Map.entry("maintain-lock-timeout", Map.of("5ms", "from 10ms to 1m", "1 second", "not a duration")),
            Map.entry("maintain-lock-retries", Map.of("0", "at least 1")),
            Map.entry("copy-chunk-rows", Map.of("99", "at least 100", "1e4", "not a whole number",
                    "99999999999", "at least 100")),
            Map.entry("copy-chunk-target", Map.of("9ms", "from 10ms to 10m", "11m", "from 10ms to 10m",
                    "500", "500ms, 5s, 2m or 1h", "1.5s", "not a duration", "PT5S", "not a duration")),
            Map.entry("copy-parallelism", Map.of("0", "from 1 to 64", "65", "from 1 to 64")),
            Map.entry("max-lag", Map.of("0s", "at least 1ms", "5 seconds", "not a duration",
                    "99999999999999999999h", "out of range")),
            Map.entry("lag-interval", Map.of("99ms", "at least 100ms")),
            Map.entry("cutover-lag", Map.of("0ms", "at least 1ms", "-5s", "not a duration")),
            Map.entry("converge-window", Map.of("5", "not a duration")),
            Map.entry("cutover", Map.of("now", "auto or postpone")),
            Map.entry("lock-timeout", Map.of("61s", "from 10ms to 1m", "5ms", "from 10ms to 1m", "2m", "out of range")),
            Map.entry("lock-retries", Map.of("0", "at least 1")),
            Map.entry("cancel-blockers-after", Map.of("-1", "at least 0")),
            Map.entry("log-format", Map.of("text", "logfmt or json")));

    private static PartitionKey key(PartitionMethod method, String column) {
        return new PartitionKey(method, column);
    }

    @Test
    void everyOptionHasGoodAndBadCases() {
        Set<String> names = Options.all().stream().map(OptionDef::name).collect(Collectors.toSet());
        Set<String> covered = new HashSet<>(GOOD.keySet());
        covered.add("password-file"); // needs a real file: covered by passwordFileMustExistAndBeReadable
        assertEquals(names, covered, "GOOD");
        Set<String> coveredBad = new HashSet<>(BAD.keySet());
        coveredBad.add("password-file");
        assertEquals(names, coveredBad, "BAD");
    }

    @Test
    void goodValuesParse() {
        GOOD.forEach((name, cases) -> cases.forEach((text, expected) ->
                assertEquals(expected, option(name).parse(text), "--" + name + " '" + text + "'")));
    }

    @Test
    void badValuesAreRefusedWithAMessageNamingTheOptionAndTheFix() {
        BAD.forEach((name, cases) -> cases.forEach((text, fragment) -> {
            BadInputException e = assertThrows(BadInputException.class, () -> option(name).parse(text),
                    "--" + name + " '" + text + "' should be refused");
            assertTrue(e.getMessage().contains(fragment), "--" + name + " '" + text + "': " + e.getMessage());
            assertTrue(e.getMessage().contains(name) || name.equals("table") || name.startsWith("sub-list")
                    || e.getMessage().contains("'" + text + "'"), e.getMessage());
            assertTrue(e.getMessage().endsWith(".") || e.getMessage().endsWith("?"), e.getMessage());
        }));
    }

    @Test
    void missingValueIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> Options.PREMAKE.parse(null));
        assertEquals("--premake has no value: give one, e.g. --premake N.", e.getMessage());
    }

    @Test
    void passwordFileMustExistAndBeReadable() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\n");
        assertEquals(file, Options.PASSWORD_FILE.parse(file.toString()));
        assertThrows(BadInputException.class, () -> Options.PASSWORD_FILE.parse(dir.resolve("nope").toString()),
                "missing file");
        BadInputException dirError = assertThrows(BadInputException.class,
                () -> Options.PASSWORD_FILE.parse(dir.toString()));
        assertTrue(dirError.getMessage().contains("not a regular file"), dirError.getMessage());
    }

    @Test
    void defaultsAreTheDeclaredOnes() {
        assertEquals(Duration.ofMillis(500), Options.COPY_CHUNK_TARGET.defaultValue().orElseThrow());
        assertEquals(3, Options.PREMAKE.defaultValue().orElseThrow());
        assertEquals(true, Options.DEFAULT_PARTITION.defaultValue().orElseThrow());
        assertEquals(CutoverMode.AUTO, Options.CUTOVER.defaultValue().orElseThrow());
        assertEquals("partshift", Options.STATE_SCHEMA.defaultValue().orElseThrow());
        assertTrue(Options.RETENTION.defaultValue().isEmpty());
    }

    @Test
    void durationsFormatBackToTheShortForm() {
        assertEquals("500ms", Values.format(Duration.ofMillis(500)));
        assertEquals("2m", Values.format(Duration.ofMinutes(2)));
        assertEquals("90s", Values.format(Duration.ofSeconds(90)));
        assertEquals("1h", Values.format(Duration.ofHours(1)));
        assertEquals("0ms", Values.format(Duration.ZERO));
    }

    private static OptionDef<?> option(String name) {
        return Options.byName(name).orElseThrow(() -> new AssertionError("no option " + name));
    }
}
