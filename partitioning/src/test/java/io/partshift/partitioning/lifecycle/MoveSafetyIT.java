package io.partshift.partitioning.lifecycle;

import io.partshift.config.BadInputException;
import io.partshift.config.MaintenanceSpec;
import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving rows out of DEFAULT must not look like the application deleting them: an ON DELETE CASCADE foreign key
 * would delete the referencing rows, and an audit trigger would log deletes nobody made. Identity and generated
 * columns must survive the standalone-then-attach route.
 */
@ExtendWith(PostgresExtension.class)
class MoveSafetyIT {
    private static final String ORDERS = """
            CREATE TABLE audit (what text);
            CREATE TABLE customers (id int PRIMARY KEY);
            INSERT INTO customers VALUES (1), (2);
            CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL,
                qty int NOT NULL CHECK (qty >= 0), total int GENERATED ALWAYS AS (qty * 10) STORED,
                customer_id int NOT NULL DEFAULT 1 REFERENCES customers (id),
                PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
            CREATE TABLE orders_p2026_03 PARTITION OF orders
                FOR VALUES FROM ('2026-03-01 00:00+00') TO ('2026-04-01 00:00+00');
            CREATE TABLE orders_default PARTITION OF orders DEFAULT;
            CREATE FUNCTION audit_delete() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN INSERT INTO audit VALUES (TG_OP || ' ' || OLD.id); RETURN OLD; END $$;
            CREATE TRIGGER orders_audit AFTER DELETE ON orders FOR EACH ROW EXECUTE FUNCTION audit_delete();
            CREATE TABLE order_lines (line_id bigint PRIMARY KEY, order_id bigint NOT NULL, order_at timestamptz NOT NULL,
                FOREIGN KEY (order_id, order_at) REFERENCES orders (id, created_at) ON DELETE CASCADE);
            INSERT INTO orders (created_at, qty)
                SELECT timestamptz '2026-03-01 00:00+00' + g * interval '1 day', g FROM generate_series(0, 59) g;
            INSERT INTO order_lines SELECT id, id, created_at FROM orders;
            """;

    @Test
    void movedRowsFireNoTriggerAndNoCascade(TestDatabase db) throws Exception {
        db.execute(ORDERS);
        assertEquals(29, Lifecycle.count(db, "SELECT count(*) FROM orders_default"));
        MaintenanceResult result = Lifecycle.maintain(db, "2026-04-05T00:00:00Z", Lifecycle.spec(db, "table",
                "public.orders", "partition-by", "RANGE (created_at)", "interval", "1 month", "premake", "0"));

        assertEquals(29, result.movedRows());
        assertTrue(result.outcomes().get(0).summary().contains("in replica mode"), result.outcomes().get(0).summary());
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM audit"), "no delete was audited");
        assertEquals(60, Lifecycle.count(db, "SELECT count(*) FROM order_lines l JOIN orders o"
                + " ON (o.id, o.created_at) = (l.order_id, l.order_at)"), "no order line was cascaded away");
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM orders WHERE total <> qty * 10"));
        assertEquals(1, Lifecycle.count(db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'orders_p2026_04'::regclass"), "the new partition has the table's foreign key");
        db.execute("INSERT INTO orders (created_at, qty) VALUES ('2026-04-10 00:00+00', 7)");
        assertEquals(1, Lifecycle.count(db, "SELECT count(*) FROM orders_p2026_04 WHERE id = 61 AND total = 70"),
                "the identity and the generated column work in the new partition");
        db.execute("DELETE FROM orders WHERE id = 61");
        assertEquals(1, Lifecycle.count(db, "SELECT count(*) FROM audit"), "the trigger still fires for the application");
        assertThrows(SQLException.class, () -> db.execute("INSERT INTO orders (created_at, qty, customer_id)"
                + " VALUES ('2026-04-11 00:00+00', 1, 99)"), "the foreign key is enforced in the new partition");
    }

    @Test
    void aRoleThatMayNotSkipTriggersIsRefusedBeforeAnythingChanges(TestDatabase db) throws Exception {
        String role = db.createRole("LOGIN");
        db.execute("GRANT CREATE ON SCHEMA public TO " + role, "SET ROLE " + role + "; " + ORDERS);
        MaintenanceSpec spec = Lifecycle.spec(db, "user", role, "table", "public.orders", "partition-by",
                "RANGE (created_at)", "interval", "1 month", "premake", "0");
        CatalogSnapshot before = Lifecycle.snapshot(db);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Lifecycle.maintain(db, "2026-04-05T00:00:00Z", spec));
        assertTrue(e.getMessage().contains("GRANT SET ON PARAMETER session_replication_role TO " + role),
                e.getMessage());
        Lifecycle.assertUnchanged(db, before);

        db.execute("GRANT SET ON PARAMETER session_replication_role TO " + role);
        assertEquals(29, Lifecycle.maintain(db, "2026-04-05T00:00:00Z", spec).movedRows());
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM audit"));
        db.execute("REVOKE SET ON PARAMETER session_replication_role FROM " + role);
    }
}
