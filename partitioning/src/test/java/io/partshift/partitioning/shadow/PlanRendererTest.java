package io.partshift.partitioning.shadow;

import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanRendererTest {
    private static final TableRef SHADOW = new TableRef("public", "events_partshift");

    private static ShadowPlan plan(List<String> postCopy) {
        TableRef p1 = new TableRef("public", "events_p2026_03");
        return new ShadowPlan(Fixtures.EVENTS, SHADOW, "RANGE (created_at) every 1 month", 5L << 30, "\"$user\", public",
                List.of("CREATE TABLE public.events_partshift (\n    id bigint NOT NULL\n) PARTITION BY RANGE (created_at)",
                        "CREATE TABLE public.events_p2026_03 PARTITION OF public.events_partshift FOR VALUES FROM"
                                + " ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00') PARTITION BY HASH (id)"),
                postCopy, List.of("A note."),
                List.of(new PlannedPartition(p1, SHADOW, "FOR VALUES FROM ('2026-03-01 00:00:00+00') TO"
                                + " ('2026-04-01 00:00:00+00')", false, false, 1_234_567),
                        new PlannedPartition(new TableRef("public", "events_p2026_03_h0"), p1,
                                "FOR VALUES WITH (MODULUS 2, REMAINDER 0)", false, true, 617_283),
                        new PlannedPartition(new TableRef("public", "events_p2026_03_h1"), p1,
                                "FOR VALUES WITH (MODULUS 2, REMAINDER 1)", false, true, 617_284),
                        new PlannedPartition(new TableRef("public", "events_default"), SHADOW, "DEFAULT", true, true, 12)),
                EstimateMethod.SAMPLED, 1_234_579, List.of(), List.of());
    }

    @Test
    void printsEveryStatementAsAPasteableParagraph() {
        String text = PlanRenderer.render(plan(List.of("ALTER TABLE public.events_partshift ADD CONSTRAINT fk"
                + " FOREIGN KEY (a) REFERENCES accounts(id)")));
        assertTrue(text.contains("\nBEGIN;\nSET LOCAL lock_timeout = '5s';\nSET LOCAL search_path TO \"$user\", public;\n\n"
                + "CREATE TABLE public.events_partshift (\n    id bigint NOT NULL\n) PARTITION BY RANGE (created_at);\n\n"
                + "CREATE TABLE public.events_p2026_03 PARTITION OF"), text);
        assertTrue(text.contains("REFERENCES accounts(id);\n\nCOMMIT;\n"), text);
        // everything that is not DDL is an SQL comment, so the whole text can go to psql
        for (String line : text.split("\n")) {
            assertTrue(line.isEmpty() || line.startsWith("--") || line.startsWith("BEGIN") || line.startsWith("SET")
                    || line.startsWith("COMMIT") || line.startsWith("CREATE") || line.startsWith("ALTER")
                    || line.startsWith("    ") || line.startsWith(")"), line);
        }
        assertTrue(text.startsWith("-- partshift plan for public.events (nothing was changed: planning only reads)\n"));
        assertTrue(text.endsWith("-- Nothing was changed.\n"), text);
    }

    @Test
    void headerSaysSizeRowsAndHowTheyWereCounted() {
        String text = PlanRenderer.render(plan(List.of()));
        assertTrue(text.contains("-- Table:      public.events, 5120 MB, about 1,234,579 rows\n"), text);
        assertTrue(text.contains("-- Partitions: 3 leaf partitions in 1 partitioned partitions, rows estimated from a"
                + " sample (HASH partitions get an even share)\n"), text);
        assertTrue(text.contains("--   - A note.\n"), text);
        assertTrue(!text.contains("After the copy"), "no post-copy section without post-copy statements");
    }

    @Test
    void partitionTableRightAlignsRowsWithThousandsSeparators() {
        String text = PlanRenderer.render(plan(List.of()));
        List<String> rows = text.lines().dropWhile(l -> !l.startsWith("-- partition ")).toList();
        assertTrue(rows.get(0).matches("-- partition {13}bound +rows"), rows.get(0));
        assertTrue(rows.get(1).startsWith("-- events_p2026_03       FOR VALUES FROM ('2026-03-01 00:00:00+00') TO"));
        assertTrue(rows.get(1).endsWith(" 1,234,567"), rows.get(1));
        assertTrue(rows.get(2).startsWith("--   events_p2026_03_h0  FOR VALUES WITH (MODULUS 2, REMAINDER 0)"));
        assertTrue(rows.get(2).endsWith("   617,283"), rows.get(2));
        assertTrue(rows.get(4).endsWith("        12"), rows.get(4));
        assertTrue(rows.get(5).startsWith("-- total "), rows.get(5));
        assertTrue(rows.get(5).endsWith(" 1,234,579"), rows.get(5));
        assertEquals(rows.get(0).length(), rows.get(5).length());
    }

    @Test
    void sizesReadLikePgSizePretty() {
        assertEquals("8191 bytes", PlanRenderer.size(8191));
        assertEquals("10 kB", PlanRenderer.size(10 * 1024));
        assertEquals("1568 kB", PlanRenderer.size(1568 * 1024));
        assertEquals("12 GB", PlanRenderer.size(12L << 30));
    }
}
