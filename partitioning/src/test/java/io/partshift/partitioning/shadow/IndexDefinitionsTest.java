package io.partshift.partitioning.shadow;

import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IndexDefinitionsTest {
    private static final TableRef SHADOW = new TableRef("public", "events_partshift");

    @Test
    void retargetsAPlainIndex() {
        assertEquals("CREATE INDEX events_created_at_idx_ps ON public.events_partshift USING btree (created_at)",
                IndexDefinitions.retarget("CREATE INDEX events_created_at_idx ON public.events USING btree (created_at)",
                        "events_created_at_idx", Fixtures.EVENTS, "events_created_at_idx_ps", SHADOW));
    }

    @Test
    void keepsUniqueIncludeAndWhere() {
        assertEquals("CREATE UNIQUE INDEX ux_ps ON public.events_partshift USING btree (id, created_at) INCLUDE (x)"
                        + " WHERE (x > 0)",
                IndexDefinitions.retarget("CREATE UNIQUE INDEX ux ON public.events USING btree (id, created_at)"
                        + " INCLUDE (x) WHERE (x > 0)", "ux", Fixtures.EVENTS, "ux_ps", SHADOW));
    }

    @Test
    void parsesQuotedNamesWithSpacesDotsQuotesAndKeywords() {
        TableRef source = new TableRef("My S", "Ev\"x");
        TableRef target = new TableRef("My S", "Ev\"x_partshift");
        assertEquals("CREATE INDEX \"Ix \"\"q\"\" ON x_ps\" ON \"My S\".\"Ev\"\"x_partshift\" USING btree (\"Created At\")"
                        + " WHERE (id > 0)",
                IndexDefinitions.retarget("CREATE INDEX \"Ix \"\"q\"\" ON x\" ON \"My S\".\"Ev\"\"x\" USING btree"
                        + " (\"Created At\") WHERE (id > 0)", "Ix \"q\" ON x", source, "Ix \"q\" ON x_ps", target));
    }

    @Test
    void refusesADefinitionOfAnotherIndexOrTable() {
        assertThrows(IllegalStateException.class, () -> IndexDefinitions.retarget(
                "CREATE INDEX other ON public.events USING btree (a)", "ix", Fixtures.EVENTS, "ix_ps", SHADOW));
        assertThrows(IllegalStateException.class, () -> IndexDefinitions.retarget(
                "CREATE INDEX ix ON public.other USING btree (a)", "ix", Fixtures.EVENTS, "ix_ps", SHADOW));
        assertThrows(IllegalStateException.class, () -> IndexDefinitions.retarget(
                "CREATE INDEX \"ix ON public.events USING btree (a)", "ix", Fixtures.EVENTS, "ix_ps", SHADOW));
    }
}
