package io.partshift.pipeline.stream;

import io.partshift.config.TableRef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one batch of Debezium records into one {@link ChangeBatch}: change events of the source table, markers from
 * the heartbeat table, and the stream's position, which every record moves (heartbeats included). Also decides how
 * many records may be acknowledged to Debezium once the handler returns. Not thread-safe: the engine calls it from
 * its one ordered consumer thread.
 */
final class DebeziumBatches {
    /** The header Debezium puts on the delete half of a primary-key update: the row's new key. */
    static final String NEW_KEY_HEADER = "__debezium.newkey";
    /** A batch and how many of its leading records may be marked processed after the handler returned. */
    record Assembled(ChangeBatch batch, int acknowledgeable) {
    }

    private final TableRef source;
    private final TableRef heartbeat;
    private final String heartbeatKey;
    private final List<String> keyColumns;
    private final Set<String> generated;
    private long position;
    private Instant lastCommit;

    /** For the forward stream, whose heartbeat key is {@code schema.table}. */
    DebeziumBatches(TableRef source, TableRef heartbeat, List<String> keyColumns, Set<String> generated) {
        this(source, heartbeat, source.toString(), keyColumns, generated);
    }

    /**
     * @param source       the streamed table, as events name it
     * @param heartbeatKey this stream's row in the heartbeat table: only its markers count
     * @param keyColumns   the columns that identify a row, in key order (they are in every event's key)
     * @param generated    the table's generated columns, which the target computes and events must not carry
     */
    DebeziumBatches(TableRef source, TableRef heartbeat, String heartbeatKey, List<String> keyColumns,
                    Set<String> generated) {
        this.source = source;
        this.heartbeat = heartbeat;
        this.heartbeatKey = heartbeatKey;
        this.keyColumns = List.copyOf(keyColumns);
        this.generated = Set.copyOf(generated);
    }

    Assembled assemble(List<SourceRecord> records) {
        List<ChangeEvent> events = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        for (SourceRecord r : records) {
            position = Math.max(position, offsetLsn(r));
            if (!(r.value() instanceof Struct value) || value.schema().field("op") == null) {
                continue; // Debezium's own heartbeat record: it only moves the position
            }
            Struct src = value.getStruct("source");
            long lsn = src.getInt64("lsn");
            long micros = src.getInt64("ts_us");
            Instant commit = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000);
            lastCommit = lastCommit == null || commit.isAfter(lastCommit) ? commit : lastCommit;
            TableRef table = new TableRef(src.getString("schema"), src.getString("table"));
            String op = value.getString("op");
            if (table.equals(heartbeat)) {
                marker(value, op).ifPresent(markers::add);
            } else if (table.equals(source) && !sameRowKeyUpdate(r, lsn)) {
                events.add(event(r, value, op, lsn, commit));
            }
        }
        int acknowledgeable = records.size();
        if (acknowledgeable > 0 && firstHalfOfKeyUpdate(records.get(acknowledgeable - 1))) {
            acknowledgeable--;
        }
        return new Assembled(new ChangeBatch(events, position, Optional.ofNullable(lastCommit), markers),
                acknowledgeable);
    }

    /**
     * A primary-key UPDATE arrives as a delete and a create that share one LSN. Debezium resumes after the stored
     * LSN, so storing the delete's offset would skip the create after a restart: such a delete ending a batch is
     * not acknowledged until the next batch (after a restart it is delivered again, which replay tolerates).
     */
    static boolean firstHalfOfKeyUpdate(SourceRecord r) {
        return r.value() instanceof Struct value && value.schema().field("op") != null
                && "d".equals(value.getString("op")) && "UPDATE".equals(r.sourceOffset().get("messageType"));
    }

    /**
     * Whether {@code r} is the delete half of a primary-key UPDATE that leaves this stream's key columns as they were.
     * That happens when the stream identifies rows by part of the table's primary key: the reverse stream keys the
     * new table's rows by the old table's key, and an UPDATE of the partition key within one partition changes the
     * new table's key (which adds the partition key) but not the old table's. Both halves then name the same row;
     * the delete is left out and the create is applied as the update it is. Applying both would delete the row, and
     * a create that lacks an unchanged TOASTed value could not bring it back. (A move to another partition is
     * streamed as a separate delete and insert, and the insert carries every value.)
     */
    private boolean sameRowKeyUpdate(SourceRecord r, long lsn) {
        if (!firstHalfOfKeyUpdate(r) || !(r.key() instanceof Struct oldKey)
                || oldKey.schema().fields().size() == keyColumns.size()) {
            return false; // not a key update, or the stream's key is the whole primary key, which did change
        }
        Header header = r.headers().lastWithName(NEW_KEY_HEADER);
        if (header == null || !(header.value() instanceof Struct newKey)) {
            throw new IllegalStateException("the primary-key update of " + source + " at LSN " + Lsn.format(lsn)
                    + " arrived without Debezium's " + NEW_KEY_HEADER + " header, so it cannot be told whether it keeps"
                    + " the key columns " + keyColumns + "; the stream stops rather than delete the row");
        }
        return key(oldKey, lsn).equals(key(newKey, lsn));
    }

    private ChangeEvent event(SourceRecord r, Struct value, String op, long lsn, Instant commit) {
        return switch (op) {
            case "c", "u", "r" -> upsert(r, value.getStruct("after"), lsn, commit);
            case "d" -> ChangeEvent.delete(key(r, lsn), lsn, commit);
            case "t" -> throw new IllegalStateException("TRUNCATE of " + source + " at LSN " + Lsn.format(lsn)
                    + ": a truncate is never replayed, so the table this stream feeds now holds rows " + source
                    + " lost and the stream stops; before cutover, drop the migration and start it again");
            default -> throw new IllegalStateException("unexpected Debezium operation '" + op + "' on " + source
                    + " at LSN " + Lsn.format(lsn));
        };
    }

    private ChangeEvent upsert(SourceRecord r, Struct after, long lsn, Instant commit) {
        Map<String, String> row = new LinkedHashMap<>();
        Set<String> unavailable = new HashSet<>();
        for (Field f : after.schema().fields()) {
            if (generated.contains(f.name())) {
                continue;
            }
            Object v = after.get(f);
            if (DebeziumValues.isUnavailable(v)) {
                unavailable.add(f.name());
            } else {
                row.put(f.name(), text(f.name(), f.schema(), v, lsn));
            }
        }
        return new ChangeEvent(ChangeEvent.Kind.UPSERT, key(r, lsn), row, unavailable, lsn, commit);
    }

    private List<String> key(SourceRecord r, long lsn) {
        if (!(r.key() instanceof Struct key)) {
            throw new IllegalStateException("change to " + source + " at LSN " + Lsn.format(lsn)
                    + " has no key: the table needs a primary key");
        }
        return key(key, lsn);
    }

    private List<String> key(Struct key, long lsn) {
        List<String> values = new ArrayList<>(keyColumns.size());
        for (String column : keyColumns) {
            Field f = key.schema().field(column);
            Object v = f == null ? null : key.get(f);
            if (v == null || DebeziumValues.isUnavailable(v)) {
                throw new IllegalStateException("change to " + source + " at LSN " + Lsn.format(lsn) + " lacks key"
                        + " column " + column + " (key " + key + ")");
            }
            values.add(text(column, f.schema(), v, lsn));
        }
        return values;
    }

    private String text(String column, Schema schema, Object v, long lsn) {
        try {
            return DebeziumValues.text(source + "." + column, schema, v);
        } catch (RuntimeException e) {
            throw new IllegalStateException("change to " + source + " at LSN " + Lsn.format(lsn) + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<String> marker(Struct value, String op) {
        Struct after = value.schema().field("after") == null ? null : value.getStruct("after");
        if (after == null || !(op.equals("c") || op.equals("u")) || !heartbeatKey.equals(after.getString("source"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(after.getString("marker"));
    }

    private static long offsetLsn(SourceRecord r) {
        Object lsn = r.sourceOffset() == null ? null : r.sourceOffset().get("lsn");
        return lsn instanceof Number n ? n.longValue() : 0;
    }
}
