package io.partshift.pipeline.apply;

import io.partshift.pipeline.stream.ChangeEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A batch reduced to one net change per source key, so that it can be applied with one set-based statement per kind.
 * Per key the events are folded in order exactly as applying them one by one would leave the row: the last full row or
 * delete wins, and a partial update is folded into what precedes it. Keys are independent of each other (the
 * shadow's primary key starts with the source key), so their relative order does not matter; the one exception,
 * secondary unique constraints, is why the applier falls back to applying in order when a set-based apply fails.
 *
 * @param deletes  keys that end without a row
 * @param upserts  full rows, one per key
 * @param partials updates of some columns of an existing row, grouped by the set of columns they carry
 */
record KeyedChanges(List<List<String>> deletes, List<ChangeEvent> upserts, Map<Set<String>, List<ChangeEvent>> partials) {

    static KeyedChanges of(List<ChangeEvent> events) {
        Map<List<String>, ChangeEvent> net = new LinkedHashMap<>();
        for (ChangeEvent event : events) {
            net.merge(event.key(), event, KeyedChanges::then);
        }
        List<List<String>> deletes = new ArrayList<>();
        List<ChangeEvent> upserts = new ArrayList<>();
        Map<Set<String>, List<ChangeEvent>> partials = new LinkedHashMap<>();
        for (ChangeEvent event : net.values()) {
            if (event.kind() == ChangeEvent.Kind.DELETE) {
                deletes.add(event.key());
            } else if (event.isPartial()) {
                partials.computeIfAbsent(new TreeSet<>(event.row().keySet()), k -> new ArrayList<>()).add(event);
            } else {
                upserts.add(event);
            }
        }
        return new KeyedChanges(deletes, upserts, partials);
    }

    /** The net effect of {@code earlier} followed by {@code later}, for one key. */
    static ChangeEvent then(ChangeEvent earlier, ChangeEvent later) {
        if (!later.isPartial()) {
            return later; // a delete or a whole row does not depend on what was there
        }
        if (earlier.kind() == ChangeEvent.Kind.DELETE) {
            // A partial update finds no row to change: the key stays deleted.
            return ChangeEvent.delete(later.key(), later.lsn(), later.commitTime());
        }
        Map<String, String> row = new LinkedHashMap<>(earlier.row());
        row.putAll(later.row());
        Set<String> unavailable = new HashSet<>(earlier.unavailable());
        unavailable.addAll(later.unavailable());
        unavailable.removeAll(row.keySet()); // the earlier event carried them: that value is the one to keep
        return new ChangeEvent(ChangeEvent.Kind.UPSERT, later.key(), row, unavailable, later.lsn(), later.commitTime());
    }

    int size() {
        return deletes.size() + upserts.size() + partials.values().stream().mapToInt(List::size).sum();
    }
}
