package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.partitioning.TestSpecs;
import io.partshift.partitioning.catalog.Column;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LevelBoundsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 11);
    private static final Column TS = Fixtures.column("created_at", "timestamp with time zone", "timestamptz");
    private static final Column ID = Fixtures.column("id", "bigint", "int8");
    private static final Column COUNTRY = Fixtures.column("country", "text", "text");

    @Test
    void rangeOnTimeUsesProfiledDates() {
        KeyProfile profile = KeyProfile.range(Optional.of("2026-01-31 23:59:59.999999 AD"),
                Optional.of("2026-02-01 00:00:00.000000 AD"), false);
        LevelLayout level = LevelBounds.plan(TestSpecs.range("created_at", "1 month"), TS, profile, true, 0, TODAY,
                false, 100);
        assertEquals(List.of("p2026_01", "p2026_02", "p2026_03"), level.bounds().stream().map(Bound::suffix).toList());
        assertTrue(level.withDefault());
    }

    @Test
    void refusesDatesBeforeYearOne() {
        KeyProfile profile = KeyProfile.range(Optional.of("0044-03-15 00:00:00.000000 BC"),
                Optional.of("2026-02-01 00:00:00.000000 AD"), false);
        BadInputException e = assertThrows(BadInputException.class, () -> LevelBounds.plan(
                TestSpecs.range("created_at", "1 year"), TS, profile, true, 0, TODAY, false, 10_000));
        assertTrue(e.getMessage().contains("before year 1"), e.getMessage());
    }

    @Test
    void refusesAnIntervalThatDoesNotFitTheKeyType() {
        BadInputException e = assertThrows(BadInputException.class, () -> LevelBounds.plan(
                TestSpecs.range("id", "1 month"), ID, KeyProfile.none(), true, 0, TODAY, false, 100));
        assertTrue(e.getMessage().startsWith("--interval 1 month needs a date or timestamp column"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> LevelBounds.plan(TestSpecs.range("created_at", "1000"), TS,
                KeyProfile.none(), true, 0, TODAY, true, 100));
        assertTrue(e.getMessage().startsWith("--sub-interval 1000 needs an integer column"), e.getMessage());
    }

    @Test
    void infiniteValuesNeedADefault() {
        KeyProfile profile = KeyProfile.range(Optional.empty(), Optional.empty(), true);
        BadInputException e = assertThrows(BadInputException.class, () -> LevelBounds.plan(
                TestSpecs.range("created_at", "1 month"), TS, profile, false, 0, TODAY, false, 100));
        assertTrue(e.getMessage().contains("--default-partition"), e.getMessage());
    }

    @Test
    void hashHasNoDefaultEvenWhenAsked() {
        LevelLayout level = LevelBounds.plan(TestSpecs.hash("id", 4), ID, KeyProfile.none(), true, 3, TODAY, false, 100);
        assertFalse(level.withDefault());
        assertEquals(List.of("h0", "h1", "h2", "h3"), level.bounds().stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES WITH (MODULUS 4, REMAINDER 3)", level.bounds().get(3).clause());
    }

    @Test
    void listPerValueQuotesLiterals() {
        LevelLayout level = LevelBounds.plan(TestSpecs.list("country"), COUNTRY,
                KeyProfile.values(List.of("DE", "O'Hare"), false), false, 0, TODAY, false, 100);
        assertEquals("FOR VALUES IN ('O''Hare')", level.bounds().get(1).clause());
        assertEquals("l_o_hare", level.bounds().get(1).suffix());
    }

    @Test
    void listPerValueStopsAtTheCap() {
        PartitionLimit.Exceeded e = assertThrows(PartitionLimit.Exceeded.class, () -> LevelBounds.plan(
                TestSpecs.list("country"), COUNTRY, KeyProfile.values(List.of("a", "b", "c"), true), true, 0, TODAY,
                false, 2));
        assertTrue(e.atLeast);
    }

    @Test
    void listOnAnEmptyTableWithoutDefaultIsRefused() {
        assertThrows(BadInputException.class, () -> LevelBounds.plan(TestSpecs.list("country"), COUNTRY,
                KeyProfile.values(List.of(), false), false, 0, TODAY, false, 10));
    }

    @Test
    void listGroupsTakeTheGroupName() {
        LevelLayout level = LevelBounds.plan(TestSpecs.list("country", "eu=DE,FR", "us=US"), COUNTRY,
                KeyProfile.ungrouped(List.of("JP")), true, 0, TODAY, false, 10);
        assertEquals(List.of("eu", "us"), level.bounds().stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES IN ('DE', 'FR')", level.bounds().get(0).clause());
    }

    @Test
    void ungroupedValuesWithoutDefaultAreRefusedNamingFive() {
        BadInputException e = assertThrows(BadInputException.class, () -> LevelBounds.plan(
                TestSpecs.list("country", "eu=DE,FR"), COUNTRY,
                KeyProfile.ungrouped(List.of("A", "B", "C", "D", "E", "F")), false, 0, TODAY, false, 10));
        assertEquals("column country holds values in no --list-group ('A', 'B', 'C', 'D', 'E' and more): add them to a"
                + " --list-group or enable --default-partition.", e.getMessage());
    }

    @Test
    void groupsMayNotShareValuesOrNames() {
        BadInputException e = assertThrows(BadInputException.class, () -> LevelBounds.plan(
                TestSpecs.list("country", "eu=DE,FR", "other=FR"), COUNTRY, KeyProfile.ungrouped(List.of()), true, 0,
                TODAY, false, 10));
        assertTrue(e.getMessage().contains("'FR' is in both group 'eu' and group 'other'"), e.getMessage());
        assertThrows(BadInputException.class, () -> LevelBounds.plan(TestSpecs.list("country", "eu=DE", "eu=FR"),
                COUNTRY, KeyProfile.ungrouped(List.of()), true, 0, TODAY, false, 10));
        assertThrows(BadInputException.class, () -> LevelBounds.plan(TestSpecs.list("country", "default=DE"),
                COUNTRY, KeyProfile.ungrouped(List.of()), true, 0, TODAY, false, 10));
    }
}
