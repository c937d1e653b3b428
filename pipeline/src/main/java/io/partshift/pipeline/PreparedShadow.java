package io.partshift.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partshift.partitioning.shadow.SequenceHandover;
import io.partshift.partitioning.shadow.ShadowPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a migration keeps from its plan in the state table, so that a resumed run (which does not plan again) can
 * still add the foreign keys and hand the sequences over at cutover, under the search_path the plan was made in.
 *
 * @param postCopy  the outbound foreign keys, added at cutover once changes no longer stream into the shadow
 * @param sequences what cutover does for serial and identity columns; empty in states written before it was kept
 */
public record PreparedShadow(String searchPath, List<String> postCopy, long estimatedRows,
                             List<SequenceHandover> sequences) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PreparedShadow {
        postCopy = List.copyOf(postCopy);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
    }

    public static PreparedShadow of(ShadowPlan plan) {
        return new PreparedShadow(plan.searchPath(), plan.postCopyStatements(), plan.estimatedRows(), plan.sequences());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PreparedShadow fromJson(String json) {
        try {
            return JSON.readValue(json, PreparedShadow.class);
        } catch (IOException e) {
            throw new IllegalStateException("the migration's stored plan is unreadable (" + e.getMessage()
                    + "): run partshift abort and migrate again", e);
        }
    }
}
