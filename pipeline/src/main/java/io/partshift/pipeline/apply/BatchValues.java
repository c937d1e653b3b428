package io.partshift.pipeline.apply;

import io.partshift.pipeline.stream.Lsn;

import io.partshift.partitioning.catalog.Column;
import io.partshift.pipeline.stream.ChangeEvent;

import java.util.List;
import java.util.Set;

/**
 * Turns events into the column-wise {@code text[]} parameters of {@link ApplySql}'s statements, checking on the way
 * that each event carries exactly what the statement writes: a value missing or a column the shadow does not have
 * means the stream and the catalog disagree, and guessing would write wrong data.
 */
final class BatchValues {
    private BatchValues() {
    }

    /** One array per key column: the delete's parameters. */
    static String[][] keys(ApplyTarget target, List<List<String>> keys) {
        String[][] arrays = new String[target.key().size()][keys.size()];
        for (int row = 0; row < keys.size(); row++) {
            List<String> key = keys.get(row);
            requireKeySize(target, key, null);
            for (int k = 0; k < key.size(); k++) {
                arrays[k][row] = key.get(k);
            }
        }
        return arrays;
    }

    /** Key arrays, then one array per writable column: the upsert's parameters. */
    static String[][] fullRows(ApplyTarget target, List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            if (event.row().size() != target.writable().size()) {
                requireKnownColumns(target, event, event.row().keySet());
            }
        }
        return rows(target, events, target.writable());
    }

    /**
     * The columns a partial update sets: those it carries, in table order, minus identity GENERATED ALWAYS columns
     * (which an UPDATE cannot set; their value never changes short of {@code SET ... = DEFAULT}).
     */
    static List<Column> partialColumns(ApplyTarget target, ChangeEvent sample, Set<String> carried) {
        requireKnownColumns(target, sample, carried);
        return target.updatable().stream().filter(c -> carried.contains(c.name())).toList();
    }

    /** Key arrays, then one array per column of {@code columns}. */
    static String[][] rows(ApplyTarget target, List<ChangeEvent> events, List<Column> columns) {
        int keys = target.key().size();
        String[][] arrays = new String[keys + columns.size()][events.size()];
        for (int row = 0; row < events.size(); row++) {
            ChangeEvent event = events.get(row);
            requireKeySize(target, event.key(), event);
            for (int k = 0; k < keys; k++) {
                arrays[k][row] = event.key().get(k);
            }
            for (int c = 0; c < columns.size(); c++) {
                String name = columns.get(c).name();
                String value = event.row().get(name);
                if (value == null && !event.row().containsKey(name)) {
                    throw new IllegalArgumentException("the change event for key " + event.key() + " at LSN "
                            + Lsn.format(event.lsn()) + " carries no value for column " + name + " of "
                            + target.table() + (event.unavailable().contains(name) ? " (it is marked unavailable,"
                            + " which only a partial update may be)" : ""));
                }
                arrays[keys + c][row] = value;
            }
        }
        return arrays;
    }

    private static void requireKnownColumns(ApplyTarget target, ChangeEvent event, Set<String> columns) {
        for (String name : columns) {
            if (!target.isWritable(name)) {
                throw new IllegalArgumentException("the change event for key " + event.key() + " at LSN "
                        + Lsn.format(event.lsn()) + " carries column " + name + ", which " + target.table()
                        + " does not have as a written column (generated columns are computed by the shadow)");
            }
        }
    }

    private static void requireKeySize(ApplyTarget target, List<String> key, ChangeEvent event) {
        if (key.size() != target.key().size()) {
            throw new IllegalArgumentException("a change event key " + key
                    + (event == null ? "" : " at LSN " + Lsn.format(event.lsn())) + " has " + key.size()
                    + " values, but the primary key of the source of " + target.table() + " has "
                    + target.key().size() + " columns " + target.key().stream().map(Column::name).toList());
        }
    }
}
