package io.partshift.pipeline.apply;

import io.partshift.pipeline.stream.Lsn;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.partshift.config.MigrationSpec;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.pipeline.stream.ChangeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The only writer of change events to its target ({@link ApplyTarget}): the shadow table before cutover, the old
 * table after it (the reverse stream). Each {@link #apply} call is one target transaction: the batch is reduced to one
 * net change per key ({@link KeyedChanges}) and written with one set-based statement per kind ({@link ApplySql}). Every change is applied as "the row with this source key is now X" or "there is no
 * such row", so re-applying any suffix of an already applied, ordered event log leaves the same state
 * (docs/design.md); that is also what makes retrying a whole batch after a transient failure safe.
 *
 * <p>Not thread-safe: one applier per change stream, called from one thread.
 */
public final class ShadowApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowApplier.class);

    /**
     * Opens a new connection to the database of the target; called again after the connection was lost. Give the
     * applier a connection of its own, not one of a pool others borrow from: it sets session settings (date and
     * interval input styles, generic plans) and keeps statements prepared on it.
     */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final ApplyTarget target;
    private final ApplySql sql;
    private final ApplierSettings settings;
    private final Retry retry;
    private ShadowSession session;
    /** The batch being applied, for the retry log. */
    private BatchRange current;
    private ApplyCounts totals = ApplyCounts.NONE;
    private long retries;
    private long inOrderBatches;

    /** The forward applier (source into shadow) with {@link ApplierSettings#defaults()}. */
    public ShadowApplier(Connector connector, SourceTable source, MigrationSpec spec) {
        this(connector, source, spec, ApplierSettings.defaults());
    }

    /**
     * The forward applier: source into shadow ({@link ApplyTarget#forward}).
     *
     * @param connector where the shadow lives; the applier owns the connections it opens and sets their autocommit off
     * @param source    the source table as the catalog reader read it: its primary key identifies rows, its column
     *                  types are what values are cast to
     * @param spec      names the shadow and its partition keys
     */
    public ShadowApplier(Connector connector, SourceTable source, MigrationSpec spec, ApplierSettings settings) {
        this(connector, ApplyTarget.forward(Objects.requireNonNull(source, "source"), Objects.requireNonNull(spec, "spec")),
                settings);
    }

    /**
     * An applier into any target: the shadow ({@link ApplyTarget#forward}) or, after cutover, the old table
     * ({@link ApplyTarget#reverse}).
     *
     * @param connector where the target lives; the applier owns the connections it opens and sets their autocommit off
     */
    public ShadowApplier(Connector connector, ApplyTarget target, ApplierSettings settings) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.target = Objects.requireNonNull(target, "target");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sql = new ApplySql(target);
        this.retry = Retry.of("apply " + target.table(), RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                        settings.maxBackoff()))
                .retryOnException(TransientFailures::isTransient)
                .build());
        retry.getEventPublisher().onRetry(event -> {
            retries++;
            LOG.warn("{}: SQLSTATE {} applying a batch of {} events ({}), retrying the whole batch in {} ms"
                            + " (attempt {} of {}): {}", target.table(), sqlState(event.getLastThrowable()),
                    current.size(), current.lsns(), event.getWaitInterval().toMillis(),
                    event.getNumberOfRetryAttempts() + 1, settings.maxAttempts(),
                    event.getLastThrowable().getMessage());
        });
    }

    /**
     * Applies {@code events}, in order, in one shadow transaction, committed before this returns.
     *
     * @throws SQLException     after {@link ApplierSettings#maxAttempts()} transient failures, or at once on any other
     *                          failure, naming the shadow, the batch's LSNs and the failing key; nothing of the batch
     *                          is applied then, and replaying it from the stored offset is safe
     * @throws IllegalArgumentException when an event does not fit the table (a key of the wrong length, a column
     *                                  the shadow does not have or a value missing): the stream and the catalog
     *                                  disagree, and nothing was applied
     */
    public void apply(List<ChangeEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        current = new BatchRange(events);
        KeyedChanges changes = KeyedChanges.of(events);
        try {
            totals = totals.plus(retry.executeCheckedSupplier(() -> attempt(events, changes)));
        } catch (SQLException | RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw new SQLException("applying " + current + " to " + target.table() + " failed "
                        + settings.maxAttempts() + " times with SQLSTATE " + sqlState(e) + ", giving up: "
                        + e.getMessage(), sqlState(e), e);
            }
            throw e;
        } catch (Throwable t) {
            if (t instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("applying " + current + " to " + target.table() + " failed", t);
        }
    }

    /** The table this applier writes: the shadow, or the old table for the reverse stream. */
    public TableRef shadow() {
        return target.table();
    }

    @Override
    public void close() {
        dropSession();
    }

    /** What every batch so far did, for tests and the benchmark. */
    ApplyCounts totals() {
        return totals;
    }

    /** How many times a batch was retried after a transient failure. */
    long retries() {
        return retries;
    }

    /** How many batches had to be applied event by event. */
    long inOrderBatches() {
        return inOrderBatches;
    }

    /** One transaction: set-based, or in order if set-based fails for a reason a retry would not cure. */
    private ApplyCounts attempt(List<ChangeEvent> events, KeyedChanges changes) throws SQLException {
        ShadowSession s = session();
        try {
            ApplyCounts counts = s.apply(changes);
            s.commit();
            return counts;
        } catch (SQLException e) {
            abort(s, e);
            if (TransientFailures.isTransient(e)) {
                throw e;
            }
            if (s.isClosed()) {
                // The connection died in a way the driver did not classify: reconnecting is what a retry needs.
                throw new SQLException("the connection to the database of " + target.table() + " was lost: " + e.getMessage(),
                        "08006", e);
            }
            return inOrder(session(), events, e);
        } catch (RuntimeException e) {
            abort(s, e);
            throw e;
        }
    }

    /**
     * Applies the events one by one, in their original order. A set-based batch can fail where the source did not:
     * a secondary unique constraint sees keys change in another order, two key spellings are equal to PostgreSQL
     * ({@code 1.1} and {@code 1.10}), or an identity GENERATED ALWAYS column changed ({@code SET ... = DEFAULT}),
     * which no UPDATE can write. In order, the shadow goes through the source's own states, and a whole row replaces
     * the old one by delete and insert, which writes every column; when the failure is real, this finds the event
     * that causes it.
     */
    private ApplyCounts inOrder(ShadowSession s, List<ChangeEvent> events, SQLException setBased)
            throws SQLException {
        ApplyCounts counts = ApplyCounts.NONE;
        for (ChangeEvent event : events) {
            KeyedChanges one = event.kind() == ChangeEvent.Kind.UPSERT && !event.isPartial()
                    ? new KeyedChanges(List.of(event.key()), List.of(event), Map.of())
                    : KeyedChanges.of(List.of(event));
            try {
                counts = counts.plus(s.apply(one));
            } catch (SQLException e) {
                abort(s, e);
                if (TransientFailures.isTransient(e)) {
                    throw e;
                }
                SQLException failure = new SQLException("applying " + current + " to " + target.table()
                        + " failed at the " + event.kind() + (event.isPartial() ? " (partial)" : "") + " of key "
                        + event.key() + " at LSN " + Lsn.format(event.lsn()) + ", SQLSTATE " + e.getSQLState() + ": "
                        + e.getMessage() + " — the batch was rolled back; fix the cause, then resume (replaying"
                        + " from the stored offset is safe)", e.getSQLState(), e);
                failure.addSuppressed(setBased);
                throw failure;
            } catch (RuntimeException e) {
                abort(s, e);
                throw e;
            }
        }
        s.commit();
        inOrderBatches++;
        LOG.warn("{}: {} could not be applied set-based (SQLSTATE {}: {}); applied event by event instead",
                target.table(), current, setBased.getSQLState(), setBased.getMessage());
        return counts;
    }

    private ShadowSession session() throws SQLException {
        if (session == null) {
            session = ShadowSession.open(connector, target, sql);
        }
        return session;
    }

    /** Rolls back, or drops the session when its connection is gone or cannot even roll back. */
    private void abort(ShadowSession s, Exception cause) {
        if (cause instanceof SQLException e && TransientFailures.isConnectionLoss(e) || s.isClosed()) {
            dropSession();
            return;
        }
        try {
            s.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            dropSession();
        }
    }

    private void dropSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private static String sqlState(Throwable t) {
        return t instanceof SQLException e ? e.getSQLState() : null;
    }

    /** A batch as logs and errors name it: its size and first and last LSN. */
    private record BatchRange(int size, long firstLsn, long lastLsn) {
        BatchRange(List<ChangeEvent> events) {
            this(events.size(), events.get(0).lsn(), events.get(events.size() - 1).lsn());
        }

        String lsns() {
            return "LSN " + Lsn.format(firstLsn) + " to " + Lsn.format(lastLsn);
        }

        @Override
        public String toString() {
            return "a batch of " + size + " change events (" + lsns() + ")";
        }
    }
}
