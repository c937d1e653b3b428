package io.partshift.partitioning.catalog;

import io.partshift.config.TableRef;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads a {@link SourceTable} from the catalog. Read-only and cheap: catalog queries, no table scans. */
public final class CatalogReader {
    private final Connection connection;

    public CatalogReader(Connection connection) {
        this.connection = java.util.Objects.requireNonNull(connection, "connection");
    }

    /** The table, or empty when no relation of that name exists. */
    public Optional<SourceTable> read(TableRef ref) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.RELATION)) {
            ps.setString(1, ref.schema());
            ps.setString(2, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long oid = rs.getLong("oid");
                return Optional.of(new SourceTable(ref, oid, rs.getString("relkind").charAt(0),
                        rs.getBoolean("relispartition"), rs.getBoolean("inheritance"),
                        rs.getString("relpersistence").charAt(0), rs.getString("relreplident").charAt(0),
                        rs.getString("owner"), rs.getLong("reltuples"), rs.getLong("total_bytes"),
                        columns(oid), primaryKey(oid), indexes(oid), constraints(oid), inboundForeignKeys(oid),
                        triggers(oid), dependentViews(oid), publications(ref), rs.getBoolean("relrowsecurity"),
                        Optional.ofNullable(rs.getString("comment"))));
            }
        }
    }

    private List<Column> columns(long oid) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.COLUMNS, oid); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String identity = rs.getString("attidentity");
                columns.add(new Column(rs.getString("attname"), rs.getInt("attnum"), rs.getString("type"),
                        rs.getLong("atttypid"), rs.getString("typcategory").charAt(0), rs.getString("base_type"),
                        rs.getBoolean("attnotnull"), Optional.ofNullable(rs.getString("default_expr")),
                        identity == null || identity.isEmpty() ? '\0' : identity.charAt(0),
                        Optional.ofNullable(rs.getString("generated_expr")),
                        Optional.ofNullable(rs.getString("collation")), Optional.ofNullable(rs.getString("sequence"))));
            }
        }
        return columns;
    }

    private Optional<PrimaryKey> primaryKey(long oid) throws SQLException {
        return constraints(oid).stream().filter(c -> c.type() == 'p').findFirst()
                .map(c -> new PrimaryKey(c.name(), c.columns()));
    }

    private List<ConstraintInfo> constraints(long oid) throws SQLException {
        List<ConstraintInfo> constraints = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.CONSTRAINTS, oid); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                constraints.add(new ConstraintInfo(rs.getString("conname"), rs.getString("contype").charAt(0),
                        rs.getString("definition"), rs.getBoolean("convalidated"), strings(rs.getArray("columns"))));
            }
        }
        return constraints;
    }

    private List<IndexInfo> indexes(long oid) throws SQLException {
        List<IndexInfo> indexes = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.INDEXES, oid); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                indexes.add(new IndexInfo(rs.getString("relname"), rs.getString("definition"),
                        rs.getBoolean("indisunique"), rs.getBoolean("indisprimary"), rs.getString("constraint_name"),
                        strings(rs.getArray("columns")), rs.getBoolean("has_expressions"), rs.getBoolean("partial"),
                        rs.getBoolean("indisvalid")));
            }
        }
        return indexes;
    }

    private List<InboundForeignKey> inboundForeignKeys(long oid) throws SQLException {
        List<InboundForeignKey> keys = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.INBOUND_FOREIGN_KEYS, oid); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(new InboundForeignKey(new TableRef(rs.getString("nspname"), rs.getString("relname")),
                        rs.getString("conname"), rs.getString("definition")));
            }
        }
        return keys;
    }

    private List<TriggerInfo> triggers(long oid) throws SQLException {
        List<TriggerInfo> triggers = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.TRIGGERS, oid); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                triggers.add(new TriggerInfo(rs.getString("tgname"), rs.getString("definition"), rs.getBoolean("enabled")));
            }
        }
        return triggers;
    }

    private List<DependentView> dependentViews(long oid) throws SQLException {
        List<DependentView> views = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.DEPENDENT_VIEWS)) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    views.add(new DependentView(new TableRef(rs.getString("nspname"), rs.getString("relname")),
                            rs.getBoolean("materialized")));
                }
            }
        }
        return views;
    }

    private List<String> publications(TableRef ref) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(CatalogQueries.PUBLICATIONS)) {
            ps.setString(1, ref.schema());
            ps.setString(2, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private PreparedStatement prepare(String sql, long oid) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        ps.setLong(1, oid);
        return ps;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.asList((String[]) array.getArray());
    }
}
