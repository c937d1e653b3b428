package io.partshift.pipeline.state;

import io.partshift.config.Identifiers;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * The one place that declares partshift's state tables. Every table is keyed by the migrated table's name
 * ({@code schema.table}), so several migrations can share the schema.
 *
 * <ul>
 *   <li>{@code migrations}: one row per migration: its phase and timings (the state machine)</li>
 *   <li>{@code chunks}: every copied chunk of the backfill, committed with the chunk's rows</li>
 *   <li>{@code offsets}: the change source's position (Debezium's offsets), so a resume starts where the applier left off</li>
 *   <li>{@code heartbeat}: written periodically and for markers; it is in the publication so the stream moves even
 *       when the source table is quiet, and a marker coming back proves the applier caught up to it</li>
 * </ul>
 */
public final class StateSchema {
    private final String schema;

    public StateSchema(String schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public String name() {
        return schema;
    }

    /** A state table's quoted, qualified name, e.g. {@code partshift.chunks}. */
    public String table(String table) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }

    public String migrations() {
        return table("migrations");
    }

    public String chunks() {
        return table("chunks");
    }

    public String offsets() {
        return table("offsets");
    }

    public String heartbeat() {
        return table("heartbeat");
    }

    /** The heartbeat table as schema and name, for the publication and Debezium's table list. */
    public io.partshift.config.TableRef heartbeatRef() {
        return new io.partshift.config.TableRef(schema, "heartbeat");
    }

    /** Creates the schema and its tables if missing; safe to run by every process, at any time. */
    public void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : ddl()) {
                s.execute(ddl);
            }
        }
    }

    List<String> ddl() {
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema),
                "CREATE TABLE IF NOT EXISTS " + migrations() + " ("
                        + " source text PRIMARY KEY,"
                        + " phase text NOT NULL,"
                        + " shadow text NOT NULL,"
                        + " slot text NOT NULL,"
                        + " publication text NOT NULL,"
                        + " plan jsonb NOT NULL DEFAULT '{}',"
                        + " started_at timestamptz NOT NULL DEFAULT now(),"
                        + " updated_at timestamptz NOT NULL DEFAULT now(),"
                        + " phase_started_at timestamptz NOT NULL DEFAULT now(),"
                        + " copied_rows bigint NOT NULL DEFAULT 0,"
                        + " estimated_rows bigint NOT NULL DEFAULT 0,"
                        + " applied_events bigint NOT NULL DEFAULT 0,"
                        + " last_applied_lsn pg_lsn,"
                        + " last_applied_commit timestamptz,"
                        + " converged_at timestamptz,"
                        + " cutover_ms bigint,"
                        + " error text)",
                "CREATE TABLE IF NOT EXISTS " + chunks() + " ("
                        + " source text NOT NULL,"
                        + " stripe int NOT NULL,"
                        + " chunk bigint NOT NULL,"
                        + " lower_key text[],"
                        + " upper_key text[],"
                        + " rows bigint NOT NULL,"
                        + " millis bigint NOT NULL,"
                        + " copied_at timestamptz NOT NULL DEFAULT now(),"
                        + " PRIMARY KEY (source, stripe, chunk))",
                "CREATE TABLE IF NOT EXISTS " + offsets() + " ("
                        + " source text NOT NULL,"
                        + " key text NOT NULL,"
                        + " value text,"
                        + " updated_at timestamptz NOT NULL DEFAULT now(),"
                        + " PRIMARY KEY (source, key))",
                "CREATE TABLE IF NOT EXISTS " + heartbeat() + " ("
                        + " source text PRIMARY KEY,"
                        + " beat bigint NOT NULL DEFAULT 0,"
                        + " marker text,"
                        + " at timestamptz NOT NULL DEFAULT now())",
                // Added after the first release: state schemas made by an earlier partshift get them here.
                "ALTER TABLE " + migrations() + " ADD COLUMN IF NOT EXISTS verified_at timestamptz,"
                        + " ADD COLUMN IF NOT EXISTS verification text,"
                        + " ADD COLUMN IF NOT EXISTS cutover_at timestamptz,"
                        + " ADD COLUMN IF NOT EXISTS rollback_ms bigint,"
                        + " ADD COLUMN IF NOT EXISTS request text,"
                        + " ADD COLUMN IF NOT EXISTS request_id bigint NOT NULL DEFAULT 0,"
                        + " ADD COLUMN IF NOT EXISTS request_at timestamptz,"
                        + " ADD COLUMN IF NOT EXISTS result_id bigint NOT NULL DEFAULT 0,"
                        + " ADD COLUMN IF NOT EXISTS result_ok boolean,"
                        + " ADD COLUMN IF NOT EXISTS result text");
    }
}
