package io.partshift.pipeline.stream;

import io.partshift.config.TableRef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records shaped as Debezium's Postgres connector emits them (envelope, source block, key struct, offsets). */
class DebeziumBatchesTest {
    private static final TableRef SOURCE = new TableRef("public", "orders");
    private static final TableRef HEARTBEAT = new TableRef("partshift", "heartbeat");

    private static final Schema SOURCE_BLOCK = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_us", Schema.OPTIONAL_INT64_SCHEMA).build();
    // Key fields in table order (b before a), not in primary-key order (a, b).
    private static final Schema KEY = SchemaBuilder.struct().field("b", Schema.STRING_SCHEMA)
            .field("a", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().optional().field("b", Schema.STRING_SCHEMA)
            .field("a", Schema.INT32_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("total", Schema.OPTIONAL_INT32_SCHEMA).build();
    private static final Schema HB_ROW = SchemaBuilder.struct().optional().field("source", Schema.STRING_SCHEMA)
            .field("beat", Schema.INT64_SCHEMA).field("marker", Schema.OPTIONAL_STRING_SCHEMA).build();

    private static Schema envelope(Schema row) {
        return SchemaBuilder.struct().field("before", row).field("after", row).field("source", SOURCE_BLOCK)
                .field("op", Schema.STRING_SCHEMA).build();
    }

    private final DebeziumBatches batches = new DebeziumBatches(SOURCE, HEARTBEAT, List.of("a", "b"), Set.of("total"));

    private static SourceRecord change(TableRef table, Schema row, String op, long lsn, Struct key, Struct before,
                                       Struct after, String messageType) {
        Schema env = envelope(row);
        Struct source = new Struct(SOURCE_BLOCK).put("schema", table.schema()).put("table", table.name())
                .put("lsn", lsn).put("ts_us", lsn * 1000);
        Struct value = new Struct(env).put("source", source).put("op", op).put("before", before).put("after", after);
        return new SourceRecord(Map.of("server", "x"), Map.of("lsn", lsn, "messageType", messageType), "t", null,
                KEY, key, env, value);
    }

    private static Struct key(int a, String b) {
        return new Struct(KEY).put("a", a).put("b", b);
    }

    private static Struct row(int a, String b, String note) {
        return new Struct(ROW).put("a", a).put("b", b).put("note", note).put("total", 99);
    }

    private static SourceRecord upsert(String op, long lsn, int a, String note) {
        return change(SOURCE, ROW, op, lsn, key(a, "x"), null, row(a, "x", note), op.equals("c") ? "INSERT" : "UPDATE");
    }

    private static SourceRecord heartbeat(long lsn, String source, String marker) {
        Struct after = new Struct(HB_ROW).put("source", source).put("beat", 1L).put("marker", marker);
        return change(HEARTBEAT, HB_ROW, "u", lsn, null, null, after, "UPDATE");
    }

    @Test
    void insertsAndUpdatesAreUpsertsKeyedInPrimaryKeyOrderWithoutGeneratedColumns() {
        DebeziumBatches.Assembled a = batches.assemble(List.of(upsert("c", 100, 1, "n"), upsert("u", 200, 1, null)));
        List<ChangeEvent> events = a.batch().events();
        assertEquals(2, events.size());
        ChangeEvent first = events.get(0);
        assertEquals(ChangeEvent.Kind.UPSERT, first.kind());
        assertEquals(List.of("1", "x"), first.key());
        assertEquals(List.of("b", "a", "note"), List.copyOf(first.row().keySet()));
        assertEquals("n", first.row().get("note"));
        assertEquals(100, first.lsn());
        assertEquals(Instant.ofEpochSecond(0, 100_000_000), first.commitTime());
        assertTrue(events.get(1).row().containsKey("note") && events.get(1).row().get("note") == null);
        assertEquals(200, a.batch().position());
        assertEquals(Optional.of(Instant.ofEpochSecond(0, 200_000_000)), a.batch().lastCommitTime());
        assertEquals(2, a.acknowledgeable());
    }

    @Test
    void unchangedToastedColumnsAreUnavailableNotValues() {
        ChangeEvent e = batches.assemble(List.of(upsert("u", 1, 1, DebeziumValues.PLACEHOLDER))).batch().events().get(0);
        assertEquals(Set.of("note"), e.unavailable());
        assertTrue(e.isPartial());
        assertTrue(!e.row().containsKey("note"));
    }

    @Test
    void deletesCarryTheKey() {
        SourceRecord delete = change(SOURCE, ROW, "d", 5, key(7, "y"), row(7, "y", null), null, "DELETE");
        ChangeEvent e = batches.assemble(List.of(delete)).batch().events().get(0);
        assertEquals(ChangeEvent.Kind.DELETE, e.kind());
        assertEquals(List.of("7", "y"), e.key());
        assertTrue(e.row().isEmpty());
    }

    @Test
    void aKeyUpdateSplitByTheBatchEndIsAcknowledgedWithItsSecondHalf() {
        SourceRecord delete = change(SOURCE, ROW, "d", 50, key(1, "x"), row(1, "x", null), null, "UPDATE");
        SourceRecord create = change(SOURCE, ROW, "c", 50, key(2, "x"), null, row(2, "x", null), "UPDATE");
        assertEquals(1, batches.assemble(List.of(upsert("c", 40, 9, null), delete)).acknowledgeable());
        assertEquals(1, batches.assemble(List.of(create)).acknowledgeable());
        assertEquals(3, batches.assemble(List.of(upsert("c", 40, 9, null), delete, create)).acknowledgeable());
    }

    /**
     * The reverse stream keys rows by part of the table's primary key (a). A key update that keeps it (b changed: the
     * partition key within one partition) is one row's update: only the create half is an event, so a create that
     * lacks a TOASTed value updates the row instead of following a delete. A key update that changes a stays two events.
     */
    @Test
    void aKeyUpdateThatKeepsTheStreamsKeyColumnsIsOneUpdate() {
        DebeziumBatches reverse = new DebeziumBatches(SOURCE, HEARTBEAT, "public.orders reverse", List.of("a"),
                Set.of("total"));
        SourceRecord delete = keyUpdateDelete(60, key(1, "x"), key(1, "y"));
        SourceRecord create = change(SOURCE, ROW, "c", 60, key(1, "y"), null, row(1, "y", DebeziumValues.PLACEHOLDER),
                "UPDATE");
        DebeziumBatches.Assembled same = reverse.assemble(List.of(delete, create));
        assertEquals(1, same.batch().events().size());
        ChangeEvent update = same.batch().events().get(0);
        assertEquals(List.of("1"), update.key());
        assertTrue(update.isPartial() && update.row().get("b").equals("y"), update::toString);
        assertEquals(2, same.acknowledgeable());
        assertEquals(0, reverse.assemble(List.of(delete)).batch().events().size(), "also across a batch end");

        SourceRecord otherRow = keyUpdateDelete(70, key(1, "x"), key(2, "x"));
        assertEquals(List.of(ChangeEvent.Kind.DELETE), reverse.assemble(List.of(otherRow)).batch().events().stream()
                .map(ChangeEvent::kind).toList());
        // The forward stream keys by the whole primary key: a key update is always a delete and a create.
        assertEquals(1, batches.assemble(List.of(keyUpdateDelete(80, key(1, "x"), key(1, "y")))).batch().events().size());

        SourceRecord noHeader = change(SOURCE, ROW, "d", 90, key(1, "x"), row(1, "x", null), null, "UPDATE");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reverse.assemble(List.of(noHeader)));
        assertTrue(e.getMessage().contains(DebeziumBatches.NEW_KEY_HEADER), e.getMessage());
    }

    /** The delete half of a primary-key update, with the header Debezium adds naming the new key. */
    private static SourceRecord keyUpdateDelete(long lsn, Struct oldKey, Struct newKey) {
        SourceRecord delete = change(SOURCE, ROW, "d", lsn, oldKey, row(oldKey.getInt32("a"), oldKey.getString("b"),
                null), null, "UPDATE");
        delete.headers().add(DebeziumBatches.NEW_KEY_HEADER, newKey, KEY);
        return delete;
    }

    @Test
    void heartbeatsMoveThePositionAndCarryThisSourcesMarkers() {
        SourceRecord debeziumHeartbeat = new SourceRecord(Map.of("server", "x"), Map.of("lsn", 900L), "__debezium-heartbeat.x",
                null, null, null, SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build(),
                new Struct(SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build()).put("ts_ms", 1L));
        DebeziumBatches.Assembled a = batches.assemble(List.of(heartbeat(300, "public.orders", "m1"),
                heartbeat(400, "public.other", "not ours"), heartbeat(500, "public.orders", null), debeziumHeartbeat));
        assertTrue(a.batch().events().isEmpty());
        assertEquals(List.of("m1"), a.batch().markers());
        assertEquals(900, a.batch().position());
        assertEquals(Optional.of(Instant.ofEpochSecond(0, 500_000_000)), a.batch().lastCommitTime());
        // The position and commit time never go back.
        DebeziumBatches.Assembled next = batches.assemble(List.of(debeziumHeartbeat));
        assertEquals(900, next.batch().position());
        assertEquals(a.batch().lastCommitTime(), next.batch().lastCommitTime());
    }

    @Test
    void aTruncateStopsTheStreamNamingTheLsn() {
        Schema env = envelope(ROW);
        Struct source = new Struct(SOURCE_BLOCK).put("schema", "public").put("table", "orders").put("lsn", 0x10L)
                .put("ts_us", 1L);
        SourceRecord truncate = new SourceRecord(Map.of(), Map.of("lsn", 16L), "t", null, null, null, env,
                new Struct(env).put("source", source).put("op", "t"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> batches.assemble(List.of(truncate)));
        assertTrue(e.getMessage().contains("TRUNCATE of public.orders at LSN 0/10"), e.getMessage());
    }
}
