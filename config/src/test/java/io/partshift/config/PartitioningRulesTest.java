package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules that involve several partitioning options: each one refused with its own message. */
class PartitioningRulesTest {
    private static PartitioningSpec partitioning(String... nameValue) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        flags.put("table", List.of("events"));
        for (int i = 0; i < nameValue.length; i += 2) {
            flags.computeIfAbsent(nameValue[i], k -> new ArrayList<>()).add(nameValue[i + 1]);
        }
        return SpecReader.read(Optional.empty(), flags, Map.of("PGUSER", "u")).migration().partitioning();
    }

    private static String refused(String... nameValue) {
        return assertThrows(BadInputException.class, () -> partitioning(nameValue)).getMessage();
    }

    @Test
    void validSpecsBuildConsistentLevels() {
        PartitioningSpec range = partitioning("partition-by", "RANGE (created_at)", "interval", "1 month",
                "retention", "12 months");
        assertEquals(PartitionMethod.RANGE, range.top().method());
        assertEquals(new TimeInterval(12, TimeInterval.Unit.MONTH), range.retention().orElseThrow());
        assertTrue(range.sub().isEmpty());

        PartitioningSpec twoLevels = partitioning("partition-by", "LIST (campaign_id)", "list-group", "big=1,2",
                "subpartition-by", "HASH (id)", "sub-modulus", "4");
        assertEquals(4, twoLevels.sub().orElseThrow().modulus().getAsInt());
        assertEquals("campaign_id", twoLevels.top().column());
        assertTrue(twoLevels.defaultPartition());
    }

    @Test
    void partitionByIsRequired() {
        assertEquals("no partitioning given: add --partition-by, e.g. --partition-by \"RANGE (created_at)\".",
                refused());
    }

    @Test
    void rangeNeedsAnIntervalAndOnlyRangeTakesOne() {
        assertTrue(refused("partition-by", "RANGE (created_at)").startsWith(
                "--partition-by RANGE (created_at) needs --interval"));
        assertEquals("--interval only applies to RANGE partitioning, but --partition-by is LIST (region): remove"
                + " --interval.", refused("partition-by", "LIST (region)", "interval", "1 month"));
    }

    @Test
    void hashNeedsAModulusAndOnlyHashTakesOne() {
        assertTrue(refused("partition-by", "HASH (id)").startsWith("--partition-by HASH (id) needs --modulus"));
        assertEquals("--modulus only applies to HASH partitioning, but --partition-by is RANGE (created_at): remove"
                + " --modulus.", refused("partition-by", "RANGE (created_at)", "interval", "1 day", "modulus", "4"));
    }

    @Test
    void onlyListTakesGroups() {
        assertTrue(refused("partition-by", "HASH (id)", "modulus", "4", "list-group", "a=1")
                .startsWith("--list-group only applies to LIST partitioning"));
    }

    @Test
    void subLevelFollowsTheSameRules() {
        assertTrue(refused("partition-by", "LIST (r)", "subpartition-by", "RANGE (t)")
                .startsWith("--subpartition-by RANGE (t) needs --sub-interval"));
        assertTrue(refused("partition-by", "LIST (r)", "subpartition-by", "HASH (id)")
                .startsWith("--subpartition-by HASH (id) needs --sub-modulus"));
        assertTrue(refused("partition-by", "LIST (r)", "subpartition-by", "HASH (id)", "sub-modulus", "4",
                "sub-interval", "1 day").startsWith("--sub-interval only applies to RANGE partitioning, but"
                + " --subpartition-by is HASH (id)"));
        assertTrue(refused("partition-by", "LIST (r)", "subpartition-by", "RANGE (t)", "sub-interval", "1 day",
                "sub-modulus", "4").startsWith("--sub-modulus only applies to HASH"));
        assertTrue(refused("partition-by", "LIST (r)", "subpartition-by", "HASH (id)", "sub-modulus", "4",
                "sub-list-group", "a=1").startsWith("--sub-list-group only applies to LIST"));
    }

    @Test
    void subSettingsNeedSubpartitionBy() {
        for (String[] sub : List.of(new String[]{"sub-interval", "1 day"}, new String[]{"sub-modulus", "4"},
                new String[]{"sub-list-group", "a=1"})) {
            assertEquals("--" + sub[0] + " needs --subpartition-by: add it, e.g. --subpartition-by \"HASH (id)\", or"
                    + " remove --" + sub[0] + ".", refused("partition-by", "LIST (r)", sub[0], sub[1]));
        }
    }

    @Test
    void subpartitionColumnMustDiffer() {
        assertEquals("--subpartition-by uses column id, which --partition-by already partitions by: sub-partition by a"
                + " different column.", refused("partition-by", "HASH (id)", "modulus", "4",
                "subpartition-by", "RANGE (ID)", "sub-interval", "100"));
        // Quoted "ID" is a different column from id.
        assertTrue(partitioning("partition-by", "HASH (id)", "modulus", "4", "subpartition-by", "RANGE (\"ID\")",
                "sub-interval", "100").sub().isPresent());
    }

    @Test
    void retentionNeedsATimeRangeAtTheTop() {
        assertTrue(refused("partition-by", "RANGE (id)", "interval", "1000", "retention", "1 year")
                .startsWith("--retention only applies when --partition-by is RANGE"));
        assertTrue(refused("partition-by", "LIST (r)", "retention", "1 year")
                .contains("but it is LIST (r): remove --retention."));
    }

    @Test
    void groupNamesAndValuesMustBeUnique() {
        assertEquals("--list-group names group 'eu' twice: give each group a different name.",
                refused("partition-by", "LIST (r)", "list-group", "eu=DE", "list-group", "EU=FR"));
        assertEquals("--list-group lists value 'DE' in group 'eu' and in group 'dach': list each value in one group"
                + " only.", refused("partition-by", "LIST (r)", "list-group", "eu=DE,FR", "list-group", "dach=DE,AT"));
        assertTrue(refused("partition-by", "LIST (r)", "list-group", "eu=DE,DE").contains("in group 'eu' twice"));
        assertTrue(refused("partition-by", "LIST (r)", "subpartition-by", "LIST (s)", "sub-list-group", "a=1",
                "sub-list-group", "a=2").startsWith("--sub-list-group names group 'a' twice"));
        // The same value may appear at both levels: they partition different columns.
        assertEquals(1, partitioning("partition-by", "LIST (r)", "list-group", "a=1", "subpartition-by", "LIST (s)",
                "sub-list-group", "a=1").sub().orElseThrow().groups().size());
    }

    @Test
    void aDefaultPartitionAskedForUnderHashOnlyIsRefused() {
        assertTrue(refused("partition-by", "HASH (id)", "modulus", "4", "default-partition", "true")
                .startsWith("--default-partition cannot apply"));
        // Left at its default it is simply not created; with a LIST sub-level it has a place to go.
        assertTrue(partitioning("partition-by", "HASH (id)", "modulus", "4").defaultPartition());
        assertTrue(partitioning("partition-by", "HASH (id)", "modulus", "4", "default-partition", "true",
                "subpartition-by", "LIST (r)").defaultPartition());
    }

    @Test
    void hashModuliMustFitUnderMaxPartitions() {
        assertEquals("the HASH moduli make 2048 partitions, more than --max-partitions 1000: lower --modulus or"
                        + " --sub-modulus, or raise --max-partitions.",
                refused("partition-by", "HASH (a)", "modulus", "64", "subpartition-by", "HASH (b)",
                        "sub-modulus", "32"));
        assertEquals(64, partitioning("partition-by", "HASH (a)", "modulus", "64", "subpartition-by", "HASH (b)",
                "sub-modulus", "32", "max-partitions", "2048").top().modulus().getAsInt());
    }
}
