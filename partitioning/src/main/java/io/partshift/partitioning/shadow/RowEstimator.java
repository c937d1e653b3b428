package io.partshift.partitioning.shadow;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimates how many rows each planned partition will get. Only reads. Small tables are counted exactly; larger ones
 * through a {@code TABLESAMPLE SYSTEM} sample of about {@value #SAMPLE_ROWS} rows. Either way PostgreSQL does the
 * bucketing (width_bucket over the RANGE bounds, a hash join to the LIST values) and returns one row per bucket, so
 * no table rows travel to Java. HASH partitions get an even share: their routing is not reproducible in plain SQL.
 */
final class RowEstimator {
    static final long SAMPLE_ROWS = 200_000;
    /** Never-analyzed tables up to this size are counted: cheap, and there is no row estimate to scale to. */
    static final long SMALL_TABLE_BYTES = 64L << 20;
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

    private final Connection connection;

    RowEstimator(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** Rows per bucket: (top index, sub index), with {@link PartitionLayout#DEFAULT} for rows no bound takes. */
    record Buckets(EstimateMethod method, long total, Map<List<Integer>, Double> rows) {
        Buckets {
            rows = Map.copyOf(rows);
        }

        /** The rows of a top-level partition that is partitioned again: all of its sub-partitions together. */
        long parent(PartitionLayout.Slot slot, LevelLayout top) {
            int t = top.isHash() ? 0 : slot.top();
            double sum = rows.entrySet().stream().filter(e -> e.getKey().get(0) == t)
                    .mapToDouble(Map.Entry::getValue).sum();
            return Math.round(top.isHash() ? sum / top.bounds().size() : sum);
        }

        /** A leaf's rows; the slot must be a leaf. */
        long leaf(PartitionLayout.Slot slot, LevelLayout top, Optional<LevelLayout> sub) {
            double sum = 0;
            int t = slot.top() >= 0 && top.isHash() ? 0 : slot.top();
            int s = slot.sub() >= 0 && sub.map(LevelLayout::isHash).orElse(false) ? 0 : slot.sub();
            for (Map.Entry<List<Integer>, Double> e : rows.entrySet()) {
                boolean topMatches = e.getKey().get(0) == t;
                boolean subMatches = slot.sub() == PartitionLayout.NONE || e.getKey().get(1) == s;
                if (topMatches && subMatches) {
                    sum += e.getValue();
                }
            }
            if (slot.top() >= 0 && top.isHash()) {
                sum /= top.bounds().size();
            }
            if (slot.sub() >= 0 && sub.map(LevelLayout::isHash).orElse(false)) {
                sum /= sub.get().bounds().size();
            }
            return Math.round(sum);
        }
    }

    Buckets estimate(SourceTable source, LevelLayout top, Optional<LevelLayout> sub) throws SQLException {
        boolean small = source.totalBytes() <= SMALL_TABLE_BYTES;
        // A low reltuples on a big table means stale statistics: the planner scales them to the current size.
        long total = source.rowEstimate() >= 0 && (small || source.rowEstimate() > SAMPLE_ROWS) ? source.rowEstimate()
                : small ? -1 : plannerEstimate(source);
        boolean exact = total <= SAMPLE_ROWS;
        String percent = exact ? null : String.format(Locale.ROOT, "%.6f",
                Math.max(0.000001, 100.0 * SAMPLE_ROWS / total));
        Map<List<Integer>, Double> raw = new HashMap<>();
        long counted = 0;
        try (PreparedStatement ps = connection.prepareStatement(sql(source, top, sub, percent));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Integer> key = List.of(normalize(rs.getInt(1), top), sub.isEmpty() ? PartitionLayout.NONE
                        : normalize(rs.getInt(2), sub.get()));
                raw.merge(key, (double) rs.getLong(3), Double::sum);
                counted += rs.getLong(3);
            }
        }
        if (exact) {
            return new Buckets(EstimateMethod.EXACT, counted, raw);
        }
        double scale = counted == 0 ? 0 : (double) total / counted;
        raw.replaceAll((k, v) -> v * scale);
        return new Buckets(EstimateMethod.SAMPLED, total, raw);
    }

    /** Maps what SQL returned to a bound index, or DEFAULT for rows no bound takes. */
    private static int normalize(int index, LevelLayout level) {
        return index < 0 || index >= level.bounds().size() ? PartitionLayout.DEFAULT : index;
    }

    static String sql(SourceTable source, LevelLayout top, Optional<LevelLayout> sub, String samplePercent) {
        List<String> keys = new ArrayList<>();
        keys.add(Identifiers.quote(top.column().name()) + " AS k1");
        sub.ifPresent(s -> keys.add(Identifiers.quote(s.column().name()) + " AS k2"));
        StringBuilder from = new StringBuilder("(SELECT " + String.join(", ", keys) + " FROM " + source.ref().sql()
                + (samplePercent == null ? "" : " TABLESAMPLE SYSTEM (" + samplePercent + ") REPEATABLE (7)") + ") x");
        String t = bucket(top, "k1", "l1", from);
        String s = sub.map(level -> bucket(level, "k2", "l2", from)).orElse(String.valueOf(PartitionLayout.NONE));
        return "SELECT t, s, count(*) FROM (SELECT " + t + " AS t, " + s + " AS s FROM " + from + ") b GROUP BY t, s";
    }

    /** The SQL expression for a row's bound index at one level; adds a join to {@code from} for LIST. */
    private static String bucket(LevelLayout level, String key, String alias, StringBuilder from) {
        return switch (level.level().method()) {
            case HASH -> "0";
            case RANGE -> {
                List<Bound.Range> ranges = level.bounds().stream().map(Bound.Range.class::cast).toList();
                List<String> thresholds = new ArrayList<>(ranges.stream().map(Bound.Range::lowerValue).toList());
                thresholds.add(ranges.get(ranges.size() - 1).upperValue());
                boolean time = TimeRanges.Kind.of(level.column().baseType()).isPresent();
                String type = time ? level.column().baseType() : "numeric";
                yield "width_bucket(x." + key + (time ? "" : "::numeric") + ", ARRAY[" + String.join(", ", thresholds)
                        + "]::" + type + "[]) - 1";
            }
            case LIST -> {
                StringBuilder values = new StringBuilder();
                for (int i = 0; i < level.bounds().size(); i++) {
                    for (String value : ((Bound.Values) level.bounds().get(i)).values()) {
                        values.append(values.length() == 0 ? "" : ", ").append("(").append(i).append(", CAST(")
                                .append(Identifiers.literal(value)).append(" AS ").append(level.column().type())
                                .append("))");
                    }
                }
                if (values.length() == 0) {
                    yield String.valueOf(PartitionLayout.DEFAULT);
                }
                from.append(" LEFT JOIN (VALUES ").append(values).append(") ").append(alias).append("(i, v) ON x.")
                        .append(key).append(" = ").append(alias).append(".v");
                yield "coalesce(" + alias + ".i, " + PartitionLayout.DEFAULT + ")";
            }
        };
    }

    /** The planner's row estimate for a never-analyzed table: it scales from the table's current size. */
    private long plannerEstimate(SourceTable source) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("EXPLAIN (FORMAT JSON) SELECT 1 FROM "
                + source.ref().sql()); ResultSet rs = ps.executeQuery()) {
            String plan = rs.next() ? rs.getString(1) : "";
            Matcher m = PLAN_ROWS.matcher(plan);
            if (!m.find()) {
                throw new IllegalStateException("EXPLAIN of " + source.ref() + " gave no row estimate: " + plan);
            }
            return (long) Double.parseDouble(m.group(1));
        }
    }
}
