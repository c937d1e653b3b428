package io.partshift.pipeline.stream;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Debezium's offsets in partshift's state schema instead of a local file, so a resume on any machine starts where
 * the applier left off. Debezium writes through {@link #set} only after the handler acknowledged the records, and
 * waits for it, so every write here is synchronous and durable before Debezium confirms the LSN to the slot.
 * Keys and values are the JSON Kafka Connect's converter makes, stored as text; rows are per stream, keyed by its
 * {@link StreamRoute#heartbeatKey()} (and the key's JSON names the connector, which is named after the slot), so the
 * forward and the reverse stream of one table never read each other's position.
 *
 * <p>Debezium instantiates this class by name and configures it with the engine's properties: {@link #URL},
 * {@link #USER}, {@link #TABLE}, {@link #SOURCE}, and the password from {@code database.password} (the same
 * database and user; Debezium masks that property in its logs).
 */
public final class JdbcOffsetStore implements OffsetBackingStore {
    static final String URL = "partshift.offsets.jdbc.url";
    static final String USER = "partshift.offsets.jdbc.user";
    static final String TABLE = "partshift.offsets.table";
    static final String SOURCE = "partshift.offsets.source";
    private static final String PASSWORD = "database.password";
    private static final Logger log = LoggerFactory.getLogger(JdbcOffsetStore.class);

    private final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();
    private String url;
    private Properties jdbc;
    private String table;
    private String source;
    private Connection connection;

    @Override
    public void configure(WorkerConfig config) {
        Map<String, Object> originals = config.originals();
        url = required(originals, URL);
        table = required(originals, TABLE);
        source = required(originals, SOURCE);
        jdbc = new Properties();
        jdbc.setProperty("user", required(originals, USER));
        Object password = originals.get(PASSWORD);
        if (password != null && !password.toString().isEmpty()) {
            jdbc.setProperty("password", password.toString());
        }
        jdbc.setProperty("ApplicationName", "partshift offsets");
    }

    private static String required(Map<String, Object> originals, String key) {
        Object value = originals.get(key);
        if (value == null) {
            throw new IllegalStateException("offset store setting " + key + " is missing (set by DebeziumProperties)");
        }
        return value.toString();
    }

    @Override
    public synchronized void start() {
        try (PreparedStatement ps = connection().prepareStatement("SELECT key, value FROM " + table + " WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    data.put(buffer(rs.getString(1)), buffer(rs.getString(2)));
                }
            }
            log.info("loaded {} stored stream position(s) for {} from {}", data.size(), source, table);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored stream position of " + source + " from " + table
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        closeConnection();
    }

    @Override
    public synchronized Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> found = new HashMap<>();
        for (ByteBuffer key : keys) {
            found.put(key, data.get(key));
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public synchronized Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        try {
            write(values);
        } catch (SQLException first) {
            // One retry on a fresh connection: an idle connection may have been closed by the server or a proxy.
            closeConnection();
            try {
                write(values);
            } catch (SQLException e) {
                e.addSuppressed(first);
                IllegalStateException failure = new IllegalStateException("cannot store the stream position of "
                        + source + " in " + table + ": " + e.getMessage(), e);
                if (callback != null) {
                    callback.onCompletion(failure, null);
                }
                return CompletableFuture.failedFuture(failure);
            }
        }
        values.forEach((k, v) -> {
            if (v == null) {
                data.remove(k);
            } else {
                data.put(k, v);
            }
        });
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void write(Map<ByteBuffer, ByteBuffer> values) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + table + " (source, key, value, updated_at)"
                + " VALUES (?, ?, ?, now()) ON CONFLICT (source, key) DO UPDATE SET value = excluded.value,"
                + " updated_at = excluded.updated_at");
             PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE source = ? AND key = ?")) {
            for (Map.Entry<ByteBuffer, ByteBuffer> e : values.entrySet()) {
                if (e.getValue() == null) {
                    delete.setString(1, source);
                    delete.setString(2, text(e.getKey()));
                    delete.executeUpdate();
                } else {
                    upsert.setString(1, source);
                    upsert.setString(2, text(e.getKey()));
                    upsert.setString(3, text(e.getValue()));
                    upsert.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /** The engine reads offsets by key only; Connect's offset-management API, which lists partitions, is not used. */
    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, jdbc);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the offset store's connection failed", e);
            }
            connection = null;
        }
    }

    private static String text(ByteBuffer buffer) {
        return new String(DebeziumValues.bytes(buffer), StandardCharsets.UTF_8);
    }

    private static ByteBuffer buffer(String text) {
        return text == null ? null : ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
