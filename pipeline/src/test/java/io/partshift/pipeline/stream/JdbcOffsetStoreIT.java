package io.partshift.pipeline.stream;

import io.debezium.embedded.EmbeddedWorkerConfig;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.pipeline.state.StateSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class JdbcOffsetStoreIT {

    private static JdbcOffsetStore store(TestDatabase db, String source) {
        Map<String, String> config = new HashMap<>();
        config.put(JdbcOffsetStore.URL, db.url());
        config.put(JdbcOffsetStore.USER, db.user());
        config.put(JdbcOffsetStore.TABLE, new StateSchema("partshift").offsets());
        config.put(JdbcOffsetStore.SOURCE, source);
        JdbcOffsetStore store = new JdbcOffsetStore();
        store.configure(new EmbeddedWorkerConfig(config));
        return store;
    }

    private static ByteBuffer b(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storesDurablyPerSourceAndReloads(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            new StateSchema("partshift").create(c);
        }
        JdbcOffsetStore a = store(db, "public.a");
        JdbcOffsetStore other = store(db, "public.b");
        a.start();
        other.start();
        AtomicReference<Throwable> callbackError = new AtomicReference<>(new Throwable("not called"));
        a.set(Map.of(b("[\"e\",{\"server\":\"s\"}]"), b("{\"lsn\":1}"), b("k2"), b("v2")),
                (error, ignored) -> callbackError.set(error)).get();
        assertNull(callbackError.get());
        other.set(Map.of(b("[\"e\",{\"server\":\"s\"}]"), b("{\"lsn\":99}")), null).get();
        a.set(Map.of(b("[\"e\",{\"server\":\"s\"}]"), b("{\"lsn\":2}")), null).get();
        Map<ByteBuffer, ByteBuffer> nullValue = new HashMap<>();
        nullValue.put(b("k2"), null);
        a.set(nullValue, null).get();
        a.stop();
        other.stop();

        assertEquals(List.of("public.a [\"e\",{\"server\":\"s\"}] {\"lsn\":2}", "public.b [\"e\",{\"server\":\"s\"}] {\"lsn\":99}"),
                rows(db));
        JdbcOffsetStore again = store(db, "public.a");
        again.start();
        Map<ByteBuffer, ByteBuffer> read = again.get(List.of(b("[\"e\",{\"server\":\"s\"}]"), b("k2"))).get();
        assertEquals(b("{\"lsn\":2}"), read.get(b("[\"e\",{\"server\":\"s\"}]")));
        assertNull(read.get(b("k2")));
        again.stop();
    }

    @Test
    void aMissingTableIsAClearError(TestDatabase db) {
        JdbcOffsetStore store = store(db, "public.a");
        IllegalStateException e = assertThrows(IllegalStateException.class, store::start);
        assertTrue(e.getMessage().contains("partshift.offsets") && e.getMessage().contains("public.a"), e.getMessage());
        store.stop();
    }

    private static List<String> rows(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source, key, value FROM partshift.offsets ORDER BY source")) {
            List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
            return rows;
        }
    }
}
