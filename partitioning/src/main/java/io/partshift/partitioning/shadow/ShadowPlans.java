package io.partshift.partitioning.shadow;

import io.partshift.config.MigrationSpec;
import io.partshift.config.Names;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitionMethod;
import io.partshift.config.PartitioningSpec;
import io.partshift.config.TimeInterval;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the partitioned shadow of a source table: profile the keys, lay out the partitions, estimate their rows,
 * write the DDL. Only reads; the read runs like {@code partshift plan} would on production (min/max, distinct
 * values through an index where one exists, a sample for large tables).
 */
public final class ShadowPlans {
    private ShadowPlans() {
    }

    /**
     * @param connection where {@code source} was read, in the same search_path (the DDL will run under it)
     * @param source     the table as read by the catalog reader, after preflight passed
     * @param clock      "now" for RANGE on time: partitions reach at least the one holding today (UTC)
     * @throws io.partshift.config.BadInputException when the spec cannot work with this data (too many
     *                                               partitions, values in no LIST group, a key type that does not
     *                                               fit the interval...)
     */
    public static ShadowPlan plan(Connection connection, SourceTable source, MigrationSpec spec, Clock clock)
            throws SQLException {
        if (!source.ref().equals(spec.table())) {
            throw new IllegalArgumentException("source " + source.ref() + " is not the spec's table " + spec.table());
        }
        PartitioningSpec partitioning = spec.partitioning();
        PlanPreconditions.check(source, partitioning);
        Names names = spec.names();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        KeyProfiler profiler = new KeyProfiler(connection);

        Column topColumn = PlanPreconditions.keyColumn(source, partitioning.top());
        KeyProfile topProfile = profiler.profile(source, partitioning.top(), topColumn, false, partitioning.maxPartitions());
        Optional<Column> subColumn = partitioning.sub().map(s -> PlanPreconditions.keyColumn(source, s));
        Optional<KeyProfile> subProfile = partitioning.sub().isEmpty() ? Optional.empty()
                : Optional.of(profiler.profile(source, partitioning.sub().get(), subColumn.get(), true,
                partitioning.maxPartitions()));
        LevelLayout top;
        Optional<LevelLayout> sub;
        List<PartitionLayout.Slot> slots;
        try {
            top = level(partitioning.top(), topColumn, topProfile, partitioning, today, false);
        } catch (PartitionLimit.Exceeded e) {
            // One level alone is too big; with its DEFAULT or a second level the plan is bigger still.
            boolean withDefault = partitioning.defaultPartition() && partitioning.top().method() != PartitionMethod.HASH;
            throw PartitionLimit.refusal(new PartitionLimit.Exceeded(e.count + (withDefault ? 1 : 0),
                    e.atLeast || partitioning.sub().isPresent()), partitioning);
        }
        try {
            sub = partitioning.sub().map(s -> level(s, subColumn.get(), subProfile.get(), partitioning, today, true));
        } catch (PartitionLimit.Exceeded e) {
            throw PartitionLimit.refusal(new PartitionLimit.Exceeded(e.count, true), partitioning);
        }
        try {
            slots = PartitionLayout.build(names, names.shadow(), top, sub, partitioning.maxPartitions());
        } catch (PartitionLimit.Exceeded e) {
            throw PartitionLimit.refusal(e, partitioning);
        }

        RowEstimator.Buckets buckets = new RowEstimator(connection).estimate(source, top, sub);
        List<PlannedPartition> partitions = partitions(slots, buckets, top, sub);
        List<String> keyColumns = new ArrayList<>();
        keyColumns.add(topColumn.name());
        subColumn.map(Column::name).filter(c -> !keyColumns.contains(c)).ifPresent(keyColumns::add);
        ShadowDdl.Statements ddl = new ShadowDdl(source, names, keyColumns)
                .statements(partitioning.top().key().sql(), slots, identityOptions(connection, source));
        ShadowPlan plan = new ShadowPlan(source.ref(), names.shadow(), scheme(partitioning), source.totalBytes(),
                searchPath(connection), ddl.create(), ddl.postCopy(),
                PlanNotes.of(source, names, keyColumns, top, sub, topProfile, subProfile), partitions,
                buckets.method(), buckets.total(), sequences(source), ddl.relationNames());
        requireDistinctNames(plan);
        return plan;
    }

    private static LevelLayout level(PartitionLevel level, Column column, KeyProfile profile, PartitioningSpec spec,
                                     LocalDate today, boolean sub) {
        return LevelBounds.plan(level, column, profile, spec.defaultPartition(), spec.premake(), today, sub,
                spec.maxPartitions());
    }

    /** Leaves get their bucket's rows; a partitioned parent gets all of its sub-partitions' rows. */
    private static List<PlannedPartition> partitions(List<PartitionLayout.Slot> slots, RowEstimator.Buckets buckets,
                                                     LevelLayout top, Optional<LevelLayout> sub) {
        return slots.stream().map(s -> new PlannedPartition(s.name(), s.parent(), s.clause(), s.isDefault(),
                s.isLeaf(), s.isLeaf() ? buckets.leaf(s, top, sub) : buckets.parent(s, top))).toList();
    }

    /** The source's identity sequence options, so the shadow's identity counts the same way. */
    private static Map<String, String> identityOptions(Connection connection, SourceTable source) throws SQLException {
        Map<String, String> options = new HashMap<>();
        String sql = "SELECT format('INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %s', seqincrement,"
                + " seqmin, seqmax, seqstart, seqcache, CASE WHEN seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)"
                + " FROM pg_sequence WHERE seqrelid = to_regclass(?)";
        for (Column column : source.columns()) {
            if (column.isIdentity() && column.sequence().isPresent()) {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, column.sequence().get());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            options.put(column.name(), rs.getString(1));
                        }
                    }
                }
            }
        }
        return options;
    }

    private static List<SequenceHandover> sequences(SourceTable source) {
        return source.columns().stream().filter(c -> c.sequence().isPresent())
                .map(c -> new SequenceHandover(c.name(), c.sequence().get(), c.isIdentity()
                        ? SequenceHandover.Kind.OWN_IDENTITY : SequenceHandover.Kind.SHARED_SEQUENCE))
                .toList();
    }

    private static String searchPath(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT current_setting('search_path')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Two planned relations with one name (a hash-shortened name colliding, say) would fail mid-DDL: refuse now. */
    private static void requireDistinctNames(ShadowPlan plan) {
        Set<String> seen = new HashSet<>();
        for (String name : plan.relationNames()) {
            if (!seen.add(name)) {
                throw new IllegalStateException("the plan for " + plan.source() + " names two relations " + name);
            }
        }
    }

    /** e.g. {@code RANGE (created_at) every 1 month, 3 premade, then HASH (id) into 8, with DEFAULT partitions}. */
    static String scheme(PartitioningSpec spec) {
        StringBuilder text = new StringBuilder(level(spec.top(), spec.premake()));
        spec.sub().ifPresent(s -> text.append(", then ").append(level(s, spec.premake())));
        text.append(spec.defaultPartition() ? ", with DEFAULT partitions" : ", no DEFAULT partition");
        return text.toString();
    }

    private static String level(PartitionLevel level, int premake) {
        String key = level.key().sql();
        return switch (level.method()) {
            case RANGE -> key + " every " + level.interval().get()
                    + (level.interval().get() instanceof TimeInterval ? "" : " values") + ", " + premake + " premade";
            case HASH -> key + " into " + level.modulus().getAsInt();
            case LIST -> key + (level.groups().isEmpty() ? " one partition per value"
                    : " in " + level.groups().size() + " value group" + (level.groups().size() == 1 ? "" : "s"));
        };
    }
}
