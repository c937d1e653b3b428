package io.partshift.pipeline.apply;

import io.partshift.config.PartitioningSpec;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.pipeline.stream.ChangeEvent;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static io.partshift.pipeline.apply.ApplyFixture.BIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of change, applied to shadows of every partitioning scheme on a real PostgreSQL, ends with shadow = source
 * row for row; and replaying what was applied changes nothing.
 */
@ExtendWith(PostgresExtension.class)
class ShadowApplierIT {
    private static final String COLUMNS = "(id, created_at, country, campaign_id, qty, amount, payload, span, tags,"
            + " mood, \"Note Text\", body) OVERRIDING SYSTEM VALUE";

    /** A partitioning and a source that fits it, plus how to change its partition key and its primary key. */
    enum Scheme {
        RANGE_MONTHLY("bigint GENERATED ALWAYS AS IDENTITY", "id",
                ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 1),
                "created_at = created_at + interval '45 days'", "id = DEFAULT"),
        LIST_COUNTRY("bigint", "id", ApplySpecs.partitioning(ApplySpecs.list("country"), 1),
                "country = CASE country WHEN 'DE' THEN 'FR' ELSE 'DE' END", "id = id + 100000"),
        HASH_ID("bigint", "id", ApplySpecs.partitioning(ApplySpecs.hash("id", 4), 1), null, "id = id + 100000"),
        MONTHS_THEN_HASH("bigint", "id", ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"),
                ApplySpecs.hash("campaign_id", 4)),
                "campaign_id = campaign_id % 5 + 1, created_at = created_at - interval '31 days'", "id = id + 100000"),
        /** The source's key holds the partition key: a partition-key change is a key change. */
        RANGE_KEYED("bigint", "id, created_at", ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 1),
                "created_at = created_at + interval '45 days'", "id = id + 100000");

        final String id;
        final String primaryKey;
        final PartitioningSpec partitioning;
        final String partitionUpdate;
        final String keyUpdate;

        Scheme(String id, String primaryKey, PartitioningSpec partitioning, String partitionUpdate, String keyUpdate) {
            this.id = id;
            this.primaryKey = primaryKey;
            this.partitioning = partitioning;
            this.partitionUpdate = partitionUpdate;
            this.keyUpdate = keyUpdate;
        }

        /** Whether a partition-key change moves a row under the same source key (rather than changing the key). */
        boolean moves() {
            return partitionUpdate != null && primaryKey.equals("id");
        }
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void everyKindOfChangeEndsWithShadowEqualToSource(Scheme scheme, TestDatabase db) throws Exception {
        ApplyFixture fx = new ApplyFixture(db);
        fx.createSource(scheme.id, scheme.primaryKey, 300);
        fx.createShadow(scheme.partitioning, true);
        fx.assertSame();
        try (ShadowApplier applier = fx.applier()) {
            applier.apply(fx.change(inserts()));
            fx.assertSame();
            if (scheme != Scheme.HASH_ID) {
                assertTrue(fx.longValue("SELECT count(*) FROM events_default") > 0,
                        "rows far outside the partitions land in DEFAULT");
            }

            applier.apply(fx.change(
                    "UPDATE events SET amount = amount + 1, payload = NULL, \"Note Text\" = 'updated' WHERE id % 10 = 1",
                    "UPDATE events SET qty = 7, tags = ARRAY['z', NULL], payload = '{\"k\": \"v\"}' WHERE qty IS NULL",
                    "UPDATE events SET body = " + BIG + " WHERE id % 10 = 5"));
            fx.assertSame();

            if (scheme.partitionUpdate != null) {
                applier.apply(fx.change("UPDATE events SET " + scheme.partitionUpdate + " WHERE id % 10 = 2"));
                fx.assertSame();
                if (scheme.moves()) {
                    assertTrue(applier.totals().moved() > 0, "partition-key updates move rows: " + applier.totals());
                }
            }

            List<ChangeEvent> keyUpdates = fx.change("UPDATE events SET " + scheme.keyUpdate + " WHERE id % 10 = 3");
            assertTrue(keyUpdates.stream().anyMatch(e -> e.kind() == ChangeEvent.Kind.DELETE));
            applier.apply(keyUpdates);
            fx.assertSame();

            List<ChangeEvent> deletes = fx.change("DELETE FROM events WHERE id % 10 = 4");
            deletes.add(0, scheme.primaryKey.equals("id") ? fx.delete("987654321")
                    : fx.delete("987654321", "2026-01-01 00:00:00+00"));
            deletes.add(scheme.primaryKey.equals("id") ? fx.delete("-5") : fx.delete("-5", "infinity"));
            applier.apply(deletes);
            fx.assertSame();

            applier.apply(partialUpdates(fx, scheme));
            fx.assertSame();
            assertTrue(applier.totals().partial() > 0, applier.totals().toString());

            // A partial update whose row was deleted later: replayed after the delete, it finds nothing to change.
            long victim = fx.longValue("SELECT min(id) FROM events WHERE id % 10 = 6");
            db.execute("UPDATE events SET amount = 1 WHERE id = " + victim);
            ChangeEvent late = fx.partial(victim, "body");
            applier.apply(fx.change("DELETE FROM events WHERE id = " + victim));
            applier.apply(List.of(late));
            fx.assertSame();
            assertEquals(0, applier.inOrderBatches(), "every batch applied set-based");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Scheme.class, names = {"RANGE_MONTHLY", "LIST_COUNTRY", "MONTHS_THEN_HASH", "RANGE_KEYED"})
    void replayingTheSameBatchOrAnySuffixChangesNothing(Scheme scheme, TestDatabase db) throws Exception {
        ApplyFixture fx = new ApplyFixture(db);
        fx.createSource(scheme.id, scheme.primaryKey, 200);
        fx.createShadow(scheme.partitioning, true);
        List<ChangeEvent> log = new ArrayList<>(fx.change(inserts()));
        log.addAll(fx.change("UPDATE events SET amount = 0, \"Note Text\" = NULL WHERE id % 7 = 1",
                "UPDATE events SET " + (scheme.partitionUpdate == null ? "amount = 5" : scheme.partitionUpdate)
                        + " WHERE id % 7 IN (1, 2)",
                "UPDATE events SET " + scheme.keyUpdate + " WHERE id % 7 = 3",
                "DELETE FROM events WHERE id % 7 = 4"));
        log.addAll(partialUpdates(fx, scheme));
        log.addAll(fx.change("INSERT INTO events " + COLUMNS + " SELECT id, created_at, country, campaign_id, qty,"
                        + " amount, payload, span, tags, mood, 'back', body FROM events WHERE id % 7 = 5 AND id < 50"
                        + " ON CONFLICT DO NOTHING",
                "DELETE FROM events WHERE id % 7 = 6"));
        try (ShadowApplier applier = fx.applier()) {
            applyInBatches(applier, log, 7);
            fx.assertSame();

            List<ChangeEvent> lastBatch = log.subList(log.size() - 30, log.size());
            applier.apply(lastBatch);
            applier.apply(lastBatch);
            fx.assertSame();

            for (int start : new int[]{0, log.size() / 3, log.size() / 2, log.size() - 5}) {
                for (int batch : new int[]{1, 50, log.size()}) {
                    applyInBatches(applier, log.subList(start, log.size()), batch);
                    fx.assertSame();
                }
            }
            assertEquals(0, applier.inOrderBatches());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Scheme.class, names = {"RANGE_MONTHLY", "RANGE_KEYED"})
    void manyEventsForOneKeyInOneBatchFoldToTheLast(Scheme scheme, TestDatabase db) throws Exception {
        ApplyFixture fx = new ApplyFixture(db);
        fx.createSource(scheme.id, scheme.primaryKey, 50);
        fx.createShadow(scheme.partitioning, true);
        List<ChangeEvent> batch = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            batch.addAll(fx.change("INSERT INTO events " + COLUMNS + " VALUES (500, '2026-01-0" + (round + 1)
                            + " 10:00+00', 'DE', 1, 1, 1, NULL, NULL, NULL, NULL, 'first', " + BIG + ")",
                    "UPDATE events SET amount = amount + 1 WHERE id IN (500, 7)",
                    "UPDATE events SET " + scheme.partitionUpdate + " WHERE id IN (500, 7)"));
            db.execute("UPDATE events SET \"Note Text\" = 'partial " + round + "' WHERE id IN (500, 7)");
            batch.add(fx.partial(500, "body"));
            batch.add(fx.partial(7, "body"));
            batch.addAll(fx.change("UPDATE events SET qty = NULL WHERE id = 7",
                    "DELETE FROM events WHERE id = 500"));
        }
        batch.addAll(fx.change("INSERT INTO events " + COLUMNS + " VALUES (500, '2031-01-01 00:00+00', 'FR', 2, 2, 2,"
                + " NULL, NULL, NULL, NULL, 'last', 'small')", "UPDATE events SET " + scheme.keyUpdate + " WHERE id = 8",
                "UPDATE events SET amount = 9 WHERE amount = 8"));
        assertTrue(batch.size() > 25, "events: " + batch.size());
        try (ShadowApplier applier = fx.applier()) {
            applier.apply(batch);
            fx.assertSame();
            applier.apply(batch);
            fx.assertSame();
            assertEquals(0, applier.inOrderBatches());
        }
    }

    private static String[] inserts() {
        return new String[]{
                "INSERT INTO events " + COLUMNS + " VALUES"
                        + " (1001, '2026-02-03 04:05:06.789+00', 'DE', 2, 3, 4.50, '{\"a\": [1, 2.0]}', '1 mon 2 days',"
                        + " '{x,NULL,\"y z\"}', 'busy', 'it''s \"quoted\"', " + BIG + "),"
                        + " (1002, '1990-01-01 00:00+00', 'ZZ', 9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (1003, '2100-06-01 00:00+00', 'FR', 1, 1, 0, 'null', '-1 day', '{}', 'calm', '', ''),"
                        + " (1004, 'infinity', 'US', 3, 2, 1.10, '[]', '0', NULL, NULL, E'tab\\there', 'x')",
                "INSERT INTO events " + COLUMNS + " SELECT 2000 + g, timestamptz '2026-03-10 00:00+00' - g * interval"
                        + " '1 day 1 second', 'ES', 1 + g % 5, g, g, NULL, NULL, NULL, NULL, NULL, " + BIG
                        + " FROM generate_series(1, 50) g"};
    }

    /**
     * Updates that leave the TOASTed body unchanged, streamed without it: some rows keep their partition, some move
     * (when a partition-key change is not a key change).
     */
    private static List<ChangeEvent> partialUpdates(ApplyFixture fx, Scheme scheme) throws Exception {
        List<Long> ids = ids(fx, "SELECT id FROM events WHERE id % 10 IN (6, 8) AND length(body) > 2000 ORDER BY id");
        assertTrue(ids.size() > 5, "rows with TOASTed bodies: " + ids);
        List<Long> moving = ids.subList(0, ids.size() / 2);
        fx.db.execute("UPDATE events SET amount = -amount, \"Note Text\" = NULL, span = '3 hours' WHERE id IN "
                + in(ids));
        if (scheme.moves()) {
            fx.db.execute("UPDATE events SET " + scheme.partitionUpdate + " WHERE id IN " + in(moving));
        }
        List<ChangeEvent> events = new ArrayList<>();
        for (long id : ids) {
            events.add(fx.partial(id, "body"));
        }
        return events;
    }

    private static List<Long> ids(ApplyFixture fx, String sql) throws Exception {
        return fx.strings(sql).lines().map(Long::parseLong).toList();
    }

    private static String in(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    private static void applyInBatches(ShadowApplier applier, List<ChangeEvent> events, int size) throws Exception {
        for (int i = 0; i < events.size(); i += size) {
            applier.apply(events.subList(i, Math.min(events.size(), i + size)));
        }
    }
}
