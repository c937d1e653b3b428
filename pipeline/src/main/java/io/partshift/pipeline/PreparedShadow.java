package io.partshift.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partshift.partitioning.shadow.ShadowPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a migration keeps from its plan in the state table, so that a resumed run (which does not plan again) can
 * still add the foreign keys after the copy, under the search_path the plan was made in.
 */
record PreparedShadow(String searchPath, List<String> postCopy, long estimatedRows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    PreparedShadow {
        postCopy = List.copyOf(postCopy);
    }

    static PreparedShadow of(ShadowPlan plan) {
        return new PreparedShadow(plan.searchPath(), plan.postCopyStatements(), plan.estimatedRows());
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PreparedShadow fromJson(String json) {
        try {
            return JSON.readValue(json, PreparedShadow.class);
        } catch (IOException e) {
            throw new IllegalStateException("the migration's stored plan is unreadable (" + e.getMessage()
                    + "): run partshift abort and migrate again", e);
        }
    }
}
