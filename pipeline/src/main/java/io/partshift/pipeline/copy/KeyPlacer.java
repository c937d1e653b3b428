package io.partshift.pipeline.copy;

import io.partshift.config.TableRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places change-event keys against the stripes with {@link KeyClassifier}: in Java when Java orders the key's types
 * exactly, otherwise with one SQL round trip per call that compares every key with every bound. Not thread-safe:
 * {@link CopyProgress} calls it under its lock, so the bounds cannot move during the round trip.
 */
final class KeyPlacer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyPlacer.class);

    private final DataSource db;
    private final TableRef table;
    private final Optional<JavaKeyOrder> javaOrder;
    private final SqlKeyComparisons sqlOrder;
    /** Opened on first use and kept: the applier may call several times a second. */
    private Connection connection;

    KeyPlacer(DataSource db, KeyColumns key) {
        this.db = db;
        this.table = key.table();
        this.javaOrder = key.javaOrder();
        this.sqlOrder = new SqlKeyComparisons(key);
    }

    boolean inJava() {
        return javaOrder.isPresent();
    }

    /** Each of {@code keys} (distinct) placed against {@code stripes}. */
    Map<List<String>, KeyClassifier.Placement> place(List<List<String>> keys, List<StripeState> stripes) {
        if (javaOrder.isPresent()) {
            try {
                return place(keys, stripes, (k, b) -> javaOrder.get().compare(k, b) < 0);
            } catch (IllegalArgumentException e) {
                // Text Java cannot read (say, a timestamptz without offset): PostgreSQL can.
                log.debug("comparing keys of {} in SQL: {}", table, e.getMessage());
            }
        }
        List<List<String>> bounds = KeyClassifier.bounds(stripes);
        boolean[][] below = compareInSql(keys, bounds);
        Map<List<String>, Integer> keyIndex = index(keys);
        Map<List<String>, Integer> boundIndex = index(bounds);
        return place(keys, stripes, (k, b) -> below[keyIndex.get(k)][boundIndex.get(b)]);
    }

    private static Map<List<String>, KeyClassifier.Placement> place(List<List<String>> keys, List<StripeState> stripes,
                                                                   KeyClassifier.Below below) {
        Map<List<String>, KeyClassifier.Placement> placements = new HashMap<>();
        for (List<String> k : keys) {
            placements.put(k, KeyClassifier.place(k, stripes, below));
        }
        return placements;
    }

    private boolean[][] compareInSql(List<List<String>> keys, List<List<String>> bounds) {
        try {
            if (connection == null) {
                connection = db.getConnection();
                connection.setAutoCommit(true);
            }
            return sqlOrder.below(connection, keys, bounds);
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("could not place " + keys.size() + " change event keys of " + table
                    + " against the copy's " + bounds.size() + " chunk bounds in PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("closing the key-comparison connection for {} failed: {}", table, e.getMessage());
            }
            connection = null;
        }
    }

    private static Map<List<String>, Integer> index(List<List<String>> keys) {
        Map<List<String>, Integer> index = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(keys.get(i), i);
        }
        return index;
    }
}
