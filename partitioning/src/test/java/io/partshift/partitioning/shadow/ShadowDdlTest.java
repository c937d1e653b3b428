package io.partshift.partitioning.shadow;

import io.partshift.config.Names;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.SourceTable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShadowDdlTest {
    private static final Names NAMES = new Names(Fixtures.EVENTS, "partshift");

    private static SourceTable source(List<ConstraintInfo> extra, List<IndexInfo> indexes) {
        List<ConstraintInfo> constraints = new java.util.ArrayList<>(extra);
        constraints.add(new ConstraintInfo("events_pkey", 'p', "PRIMARY KEY (id) INCLUDE (note)", true, List.of("id")));
        return Fixtures.table(List.of(Fixtures.identity("id"),
                        Fixtures.column("created_at", "timestamp with time zone", "timestamptz"),
                        Fixtures.collated("note", "\"C\""),
                        Fixtures.generated("total", "numeric", "(price * (qty)::numeric)")),
                constraints, indexes);
    }

    @Test
    void createsTheParentWithEveryColumnCheckAndTheExtendedPrimaryKey() {
        SourceTable source = source(List.of(
                new ConstraintInfo("positive", 'c', "CHECK ((qty > 0))", true, List.of("qty")),
                new ConstraintInfo("events_uq", 'u', "UNIQUE (ref, created_at)", true, List.of("ref", "created_at"))),
                List.of());
        ShadowDdl.Statements ddl = new ShadowDdl(source, NAMES, List.of("created_at")).statements(
                "RANGE (created_at)", List.of(), Map.of("id", "INCREMENT BY 1 NO CYCLE"));
        assertEquals("""
                CREATE TABLE public.events_partshift (
                    id bigint GENERATED ALWAYS AS IDENTITY (INCREMENT BY 1 NO CYCLE) NOT NULL,
                    created_at timestamp with time zone NOT NULL,
                    note text COLLATE "C" DEFAULT 'x'::text,
                    total numeric GENERATED ALWAYS AS ((price * (qty)::numeric)) STORED,
                    CONSTRAINT positive CHECK ((qty > 0)),
                    CONSTRAINT events_partshift_pkey PRIMARY KEY (id, created_at) INCLUDE (note),
                    CONSTRAINT events_uq_ps UNIQUE (ref, created_at)
                ) PARTITION BY RANGE (created_at)""", ddl.create().get(0));
        assertEquals(List.of("events_partshift_pkey", "events_uq_ps"), ddl.relationNames());
    }

    @Test
    void serialDefaultKeepsTheSourceSequence() {
        SourceTable source = Fixtures.table(List.of(Fixtures.serial("id")),
                List.of(new ConstraintInfo("events_pkey", 'p', "PRIMARY KEY (id)", true, List.of("id"))), List.of());
        String create = new ShadowDdl(source, NAMES, List.of("id")).statements("HASH (id)", List.of(), Map.of())
                .create().get(0);
        assertEquals("""
                CREATE TABLE public.events_partshift (
                    id integer DEFAULT nextval('events_id_seq'::regclass) NOT NULL,
                    CONSTRAINT events_partshift_pkey PRIMARY KEY (id)
                ) PARTITION BY HASH (id)""", create);
    }

    @Test
    void quotedKeyColumnsAreAppendedQuoted() {
        SourceTable source = Fixtures.table(List.of(Fixtures.column("Id", "bigint", "int8")),
                List.of(new ConstraintInfo("pk", 'p', "PRIMARY KEY (\"Id\") DEFERRABLE", true, List.of("Id"))),
                List.of());
        ConstraintInfo pk = source.constraintsOfType('p').get(0);
        assertEquals("PRIMARY KEY (\"Id\", \"Created At\") DEFERRABLE",
                new ShadowDdl(source, NAMES, List.of("Created At")).primaryKey(pk));
    }

    @Test
    void recreatesPlainIndexesAndAddsForeignKeysAfterTheCopy() {
        SourceTable source = source(List.of(new ConstraintInfo("events_account_fk", 'f',
                        "FOREIGN KEY (account_id) REFERENCES accounts(id)", true, List.of("account_id"))),
                List.of(new IndexInfo("events_pkey", "CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id)",
                                true, true, "events_pkey", List.of("id"), false, false, true),
                        new IndexInfo("events_note_idx", "CREATE INDEX events_note_idx ON public.events USING btree (note)",
                                false, false, null, List.of("note"), false, false, true)));
        ShadowDdl.Statements ddl = new ShadowDdl(source, NAMES, List.of("created_at")).statements(
                "RANGE (created_at)", List.of(), Map.of());
        assertEquals("CREATE INDEX events_note_idx_ps ON public.events_partshift USING btree (note)",
                ddl.create().get(1));
        assertEquals(List.of("ALTER TABLE public.events_partshift ADD CONSTRAINT events_account_fk FOREIGN KEY"
                + " (account_id) REFERENCES accounts(id)"), ddl.postCopy());
    }

    @Test
    void refusesAUniqueIndexWithoutThePartitionKey() {
        SourceTable source = source(List.of(), List.of(new IndexInfo("ux",
                "CREATE UNIQUE INDEX ux ON public.events USING btree (note)", true, false, null, List.of("note"), false,
                false, true)));
        assertThrows(IllegalStateException.class, () -> new ShadowDdl(source, NAMES, List.of("created_at"))
                .statements("RANGE (created_at)", List.of(), Map.of()));
    }
}
