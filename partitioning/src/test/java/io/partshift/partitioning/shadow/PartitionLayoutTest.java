package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.config.Names;
import io.partshift.config.PartitioningSpec;
import io.partshift.partitioning.TestSpecs;
import io.partshift.partitioning.catalog.Column;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLayoutTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 11);
    private static final Names NAMES = new Names(Fixtures.EVENTS, "partshift");
    private static final Column TS = Fixtures.column("created_at", "timestamp with time zone", "timestamptz");
    private static final Column ID = Fixtures.column("id", "bigint", "int8");
    private static final Column CAMPAIGN = Fixtures.column("campaign_id", "integer", "int4");

    private static LevelLayout months(boolean withDefault) {
        return LevelBounds.plan(TestSpecs.range("created_at", "1 month"), TS,
                KeyProfile.range(Optional.of("2026-02-10 00:00:00.000000 AD"), Optional.empty(), false), withDefault,
                0, TODAY, false, 1000);
    }

    private static LevelLayout hash(int modulus) {
        return LevelBounds.plan(TestSpecs.hash("id", modulus), ID, KeyProfile.none(), true, 0, TODAY, true, 1000);
    }

    private static List<String> names(List<PartitionLayout.Slot> slots) {
        return slots.stream().map(s -> s.name().name()).toList();
    }

    @Test
    void oneLevelInBoundOrderWithDefaultLast() {
        List<PartitionLayout.Slot> slots = PartitionLayout.build(NAMES, NAMES.shadow(), months(true), Optional.empty(),
                100);
        assertEquals(List.of("events_p2026_02", "events_p2026_03", "events_default"), names(slots));
        assertEquals("DEFAULT", slots.get(2).clause());
        assertTrue(slots.stream().allMatch(PartitionLayout.Slot::isLeaf));
        assertTrue(slots.stream().allMatch(s -> s.parent().equals(NAMES.shadow())));
    }

    @Test
    void twoLevelsNestSubPartitionsUnderEachParentAndKeepTheTopDefaultALeaf() {
        List<PartitionLayout.Slot> slots = PartitionLayout.build(NAMES, NAMES.shadow(), months(true),
                Optional.of(hash(2)), 100);
        assertEquals(List.of("events_p2026_02", "events_p2026_02_h0", "events_p2026_02_h1", "events_p2026_03",
                "events_p2026_03_h0", "events_p2026_03_h1", "events_default"), names(slots));
        assertEquals(Optional.of("HASH (id)"), slots.get(0).partitionBy());
        assertEquals(slots.get(0).name(), slots.get(1).parent());
        assertEquals(List.of(false, true, true, false, true, true, true),
                slots.stream().map(PartitionLayout.Slot::isLeaf).toList());
        assertEquals(Optional.empty(), slots.get(6).partitionBy());
    }

    @Test
    void aNonHashSecondLevelGetsADefaultPerParent() {
        LevelLayout list = LevelBounds.plan(TestSpecs.list("campaign_id"), CAMPAIGN,
                KeyProfile.values(List.of("7", "9"), false), true, 0, TODAY, true, 1000);
        List<PartitionLayout.Slot> slots = PartitionLayout.build(NAMES, NAMES.shadow(), months(false),
                Optional.of(list), 100);
        assertEquals(List.of("events_p2026_02", "events_p2026_02_l_7", "events_p2026_02_l_9", "events_p2026_02_default",
                "events_p2026_03", "events_p2026_03_l_7", "events_p2026_03_l_9", "events_p2026_03_default"),
                names(slots));
    }

    @Test
    void refusesMoreLeavesThanAllowedSayingWhichOptionToChange() {
        PartitioningSpec spec = new PartitioningSpec(TestSpecs.range("created_at", "1 month"),
                Optional.of(TestSpecs.hash("id", 8)), true, 0, Optional.empty(), 10);
        PartitionLimit.Exceeded e = assertThrows(PartitionLimit.Exceeded.class, () -> PartitionLayout.build(NAMES,
                NAMES.shadow(), months(true), Optional.of(hash(8)), 10));
        assertEquals(17, e.count);
        BadInputException refusal = PartitionLimit.refusal(e, spec);
        assertEquals("the plan would create 17 leaf partitions, more than --max-partitions 10: use a bigger --interval,"
                + " use a smaller --sub-modulus or raise --max-partitions.", refusal.getMessage());
    }

    @Test
    void listRefusalSuggestsGroupsOrHash() {
        PartitioningSpec spec = new PartitioningSpec(TestSpecs.list("campaign_id"), Optional.empty(), true, 0,
                Optional.empty(), 3);
        BadInputException refusal = PartitionLimit.refusal(new PartitionLimit.Exceeded(4, true), spec);
        assertEquals("the plan would create more than 3 leaf partitions, more than --max-partitions 3: group"
                + " campaign_id values with --list-group, sub-partition by HASH instead of giving each value a"
                + " partition or raise --max-partitions.", refusal.getMessage());
    }
}
