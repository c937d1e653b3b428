package io.partshift.pipeline.stream;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.pipeline.state.StateSchema;

import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every Debezium setting the change source uses, in one place, with the reason for each that is not a default.
 * The password goes only into {@code database.password}, which Debezium masks when it logs its configuration.
 */
final class DebeziumProperties {
    /** pgjdbc SSL parameters that Debezium's Postgres connector takes under {@code database.}. */
    private static final Set<String> SSL_PARAMS = Set.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword",
            "sslfactory");

    private DebeziumProperties() {
    }

    static Properties build(ConnectionSpec connection, Names names, DebeziumChangeSource.Settings settings) {
        return build(connection, StreamRoute.forward(names), settings);
    }

    static Properties build(ConnectionSpec connection, StreamRoute route, DebeziumChangeSource.Settings settings) {
        PgJdbcUrl url = PgJdbcUrl.parse(connection.url());
        StateSchema state = new StateSchema(route.stateSchema());
        ReplicationSetup setup = new ReplicationSetup(route);
        Properties p = new Properties();
        // The slot names the connector, its offsets' partition (topic.prefix) and its threads: the forward and the
        // reverse stream of one table never share them.
        p.setProperty("name", "partshift-" + route.slot());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", route.slot());

        p.setProperty("database.hostname", url.host());
        p.setProperty("database.port", Integer.toString(url.port()));
        p.setProperty("database.dbname", url.database());
        p.setProperty("database.user", connection.user());
        connection.password().value().ifPresent(pw -> p.setProperty("database.password", pw));
        url.params().forEach((key, value) -> p.setProperty(
                (SSL_PARAMS.contains(key) ? "database." : "driver.") + key, value));

        // The slot and publication are ReplicationSetup's: Debezium must neither create, change nor drop them.
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", route.slot());
        p.setProperty("publication.name", route.publication());
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("slot.drop.on.stop", "false");
        p.setProperty("snapshot.mode", "no_data"); // the copier backfills
        // A publication via the partition root delivers the root's name, which is the table this list names.
        p.setProperty("table.include.list", regex(route.table().toString()) + "," + regex(state.heartbeatRef().toString()));
        // A TRUNCATE must reach us so the stream can stop instead of leaving rows the source no longer has.
        p.setProperty("skipped.operations", "none");
        p.setProperty("tombstones.on.delete", "false");

        // Values the applier binds as PostgreSQL text: strings where Debezium offers them, and the source type on
        // every field so DebeziumValues can tell e.g. a bytea from a box delivered as bytes.
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("interval.handling.mode", "string");
        p.setProperty("hstore.handling.mode", "json");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("include.unknown.datatypes", "true");
        p.setProperty("datatype.propagate.source.type", ".+");
        p.setProperty("converters", "pgtext");
        p.setProperty("pgtext.type", PgTextConverter.class.getName());
        // A value Debezium cannot convert must stop the stream, not arrive as NULL.
        p.setProperty("event.converting.failure.handling.mode", "fail");
        p.setProperty("event.processing.failure.handling.mode", "fail");

        // One ordered consumer; offsets stored after every acknowledged batch, in the state schema.
        p.setProperty("record.processing.order", "ORDERED");
        p.setProperty("record.processing.threads", "1");
        p.setProperty("max.batch.size", Integer.toString(settings.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(settings.maxBatchSize() * 4));
        p.setProperty("poll.interval.ms", "50");
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("offset.flush.timeout.ms", "30000");
        p.setProperty("offset.storage", JdbcOffsetStore.class.getName());
        p.setProperty(JdbcOffsetStore.URL, connection.url());
        p.setProperty(JdbcOffsetStore.USER, connection.user());
        p.setProperty(JdbcOffsetStore.TABLE, state.offsets());
        p.setProperty(JdbcOffsetStore.SOURCE, setup.heartbeatKey());

        p.setProperty("heartbeat.interval.ms", Long.toString(settings.heartbeatInterval().toMillis()));
        p.setProperty("heartbeat.action.query", setup.heartbeatStatement());
        // Confirm flushed positions to the server promptly, so the slot frees WAL soon after each acknowledgement.
        p.setProperty("status.update.interval.ms", "1000");
        // A lost connection is retried a bounded number of times, then the source fails and reports why.
        p.setProperty("errors.max.retries", Integer.toString(settings.maxRetries()));
        p.setProperty("errors.retry.delay.initial.ms", "300");
        p.setProperty("errors.retry.delay.max.ms", "10000");
        return p;
    }

    /** Debezium reads table.include.list as comma-separated regular expressions. */
    static String regex(String table) {
        if (table.contains(",")) {
            throw new IllegalArgumentException("table name " + table + " contains a comma, which Debezium's"
                    + " table.include.list cannot express: rename the table before migrating it");
        }
        return Pattern.quote(table);
    }
}
