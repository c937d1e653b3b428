package io.partshift.localpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CatalogSnapshotIT {

    private TestDatabase db;

    /** One of each kind of object the snapshot reads, so every catalog query runs against real rows. */
    @BeforeEach
    void createObjects(TestDatabase db) throws Exception {
        this.db = db;
        db.execute(
                "CREATE SCHEMA app",
                "CREATE TABLE app.customers (id int PRIMARY KEY, name text NOT NULL CHECK (name <> ''))",
                "CREATE TABLE app.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " customer int REFERENCES app.customers, placed date NOT NULL DEFAULT current_date,"
                        + " total numeric(10,2), total_cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) STORED,"
                        + " note text COLLATE \"C\")",
                "ALTER TABLE app.orders ADD COLUMN scratch int",
                "ALTER TABLE app.orders DROP COLUMN scratch",
                "INSERT INTO app.customers VALUES (1, 'ada')",
                "INSERT INTO app.orders (customer, total) VALUES (1, 10.50), (1, 3)",
                "CREATE TABLE app.events (id bigint NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id, at))"
                        + " PARTITION BY RANGE (at)",
                "CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "CREATE TABLE app.events_default PARTITION OF app.events DEFAULT",
                "INSERT INTO app.events VALUES (1, '2024-06-01'), (2, '2030-01-01')",
                "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER orders_touch BEFORE UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION app.touch()",
                "CREATE VIEW app.big_orders AS SELECT id, total FROM app.orders WHERE total > 5",
                "CREATE PUBLICATION cust FOR TABLE app.customers (id, name) WHERE (id > 0)",
                "CREATE PUBLICATION whole_schema FOR TABLES IN SCHEMA app",
                "SELECT pg_create_logical_replication_slot('snap_slot', 'pgoutput')");
    }

    @Test
    void describesEveryKindOfObject() throws Exception {
        CatalogSnapshot s = take();
        String text = s.text();
        for (String expected : List.of(
                "schema app owner=postgres",
                "relation app.orders kind=r persistence=p replica_identity=d owner=postgres",
                "dropped_columns=1",
                "relation app.events kind=p",
                "partition_key=RANGE (at)",
                "relation app.events_2024 kind=r persistence=p replica_identity=d owner=postgres inherits=app.events"
                        + " bound=FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')",
                "column app.orders #0001 id bigint not_null identity=a",
                "column app.orders #0003 placed date not_null default=CURRENT_DATE",
                "generated=((total * (100)::numeric))::bigint",
                "collation=\"C\"",
                "constraint app.orders orders_customer_fkey FOREIGN KEY (customer) REFERENCES app.customers(id)",
                "constraint app.customers customers_name_check CHECK ((name <> ''::text))",
                "index app.orders_pkey CREATE UNIQUE INDEX orders_pkey ON app.orders USING btree (id) primary",
                "attached_to=app.events_pkey",
                "trigger app.orders orders_touch CREATE TRIGGER orders_touch BEFORE UPDATE ON app.orders",
                "sequence app.orders_id_seq type=bigint start=1 increment=1",
                "last_value=2 owned_by=app.orders.id",
                "rows app.orders 2",
                "rows app.events 2",
                "rows app.events_default 1",
                "publication cust owner=postgres insert=true",
                "publication_table cust app.customers where=(id > 0) columns=id,name",
                "publication_schema whole_schema app",
                "replication_slot snap_slot type=logical plugin=pgoutput",
                "view app.big_orders definition= SELECT orders.id, orders.total FROM app.orders",
                "view_dependency app.big_orders on app.orders",
                "function app.touch() kind=f owner=postgres definition_md5=",
                "extension plpgsql")) {
            assertTrue(text.contains(expected), () -> "missing '" + expected + "' in:\n" + text);
        }
    }

    @Test
    void isEqualBeforeAndAfterNoOps() throws Exception {
        CatalogSnapshot before = take();
        db.execute("SELECT count(*) FROM app.orders", "ANALYZE app.orders", "VACUUM app.events",
                "UPDATE app.orders SET note = 'x' WHERE false");
        CatalogSnapshot after = take();
        assertEquals("", before.diff(after));
        assertEquals(before, after, before.diff(after));
        assertEquals(before.hashCode(), after.hashCode());
    }

    @Test
    void createTableShowsUpInTheDiff() throws Exception {
        assertChangeNamed("CREATE TABLE app.extra (id int)", "+ relation app.extra kind=r");
    }

    @Test
    void indexShowsUpInTheDiff() throws Exception {
        assertChangeNamed("CREATE INDEX orders_note_idx ON app.orders (note)", "+ index app.orders_note_idx");
    }

    @Test
    void insertedRowShowsUpInTheDiff() throws Exception {
        String diff = assertChangeNamed("INSERT INTO app.customers VALUES (2, 'grace')", "+ rows app.customers 2");
        assertTrue(diff.contains("- rows app.customers 1"), diff);
    }

    @Test
    void publicationShowsUpInTheDiff() throws Exception {
        String diff = assertChangeNamed("CREATE PUBLICATION orders_pub FOR TABLE app.orders", "+ publication orders_pub");
        assertTrue(diff.contains("+ publication_table orders_pub app.orders"), diff);
    }

    @Test
    void leavesTheConnectionAsItFoundIt() throws Exception {
        try (Connection c = db.connect()) {
            CatalogSnapshot.take(c);
            assertTrue(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            c.setAutoCommit(false);
            c.createStatement().execute("SET LOCAL search_path = app, public");
            CatalogSnapshot inTransaction = CatalogSnapshot.take(c);
            assertEquals("app, public", LocalPostgresIT.scalar(c, "SHOW search_path"));
            assertFalse(c.getAutoCommit());
            c.rollback();
            assertEquals(take(), inTransaction, "the same catalog reads the same, in or out of a transaction");
        }
    }

    private String assertChangeNamed(String sql, String expectedLine) throws Exception {
        CatalogSnapshot before = take();
        db.execute(sql);
        CatalogSnapshot after = take();
        assertNotEquals(before, after);
        String diff = before.diff(after);
        assertTrue(diff.contains(expectedLine), () -> "expected '" + expectedLine + "' in the diff:\n" + diff);
        return diff;
    }

    private CatalogSnapshot take() throws Exception {
        try (Connection c = db.connect()) {
            return CatalogSnapshot.take(c);
        }
    }
}
