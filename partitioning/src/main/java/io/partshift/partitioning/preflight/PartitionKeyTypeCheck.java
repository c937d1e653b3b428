package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.config.NumericInterval;
import io.partshift.config.PartitionInterval;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitionMethod;
import io.partshift.config.TimeInterval;
import io.partshift.partitioning.catalog.Column;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Each key column's type fits its method: RANGE steps through calendar intervals only on dates and timestamps and
 * through numbers only on integers (the partition bounds partshift generates assume so), while LIST and HASH need the
 * type's default btree or hash operator class, which types like json lack.
 */
final class PartitionKeyTypeCheck extends NamedCheck {
    static final String NAME = "partition-key-type";
    private static final Set<String> TIME_TYPES = Set.of("date", "timestamp", "timestamptz");
    private static final Set<String> INTEGER_TYPES = Set.of("int2", "int4", "int8");
    // numeric(p) and numeric(p,0) hold whole numbers only, so integer bounds fit them exactly.
    private static final Pattern WHOLE_NUMERIC = Pattern.compile("numeric\\(\\d+(,0)?\\)");

    PartitionKeyTypeCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        List<String> fine = new ArrayList<>();
        List<PartitionLevel> levels = context.levels();
        for (int i = 0; i < levels.size(); i++) {
            PartitionLevel level = levels.get(i);
            Optional<Column> found = context.source().column(level.column());
            if (found.isEmpty()) {
                continue; // partition-key-exists reports it
            }
            Column column = found.get();
            Optional<String> problem = problem(context, level, column, i == 0 ? "" : "sub-");
            if (problem.isPresent()) {
                return CheckResult.fail(NAME, "column " + Identifiers.quote(column.name()) + " of "
                        + context.tableSql() + " is " + column.type() + ", " + problem.get() + ".");
            }
            fine.add(level.method() + " on " + column.name() + " (" + column.type() + ")");
        }
        if (fine.isEmpty()) {
            return CheckResult.skipped(NAME, "no partition key column found, see partition-key-exists");
        }
        return CheckResult.ok(NAME, String.join(", ", fine));
    }

    /** What is wrong with partitioning {@code column} this way and how to fix it, or empty when it fits. */
    private static Optional<String> problem(PreflightContext context, PartitionLevel level, Column column, String sub)
            throws SQLException {
        String base = column.baseType();
        switch (level.method()) {
            case RANGE -> {
                PartitionInterval interval = level.interval().orElseThrow();
                if (interval instanceof TimeInterval && !TIME_TYPES.contains(base)) {
                    return Optional.of("but RANGE with --" + sub + "interval '" + interval + "' needs a date,"
                            + " timestamp or timestamptz column: partition by such a column, or give a whole number"
                            + " as --" + sub + "interval if this column holds integers");
                }
                if (interval instanceof NumericInterval && !INTEGER_TYPES.contains(base)
                        && !WHOLE_NUMERIC.matcher(column.type()).matches()) {
                    return Optional.of("but RANGE with the numeric --" + sub + "interval " + interval + " needs an"
                            + " integer column (smallint, integer, bigint or numeric without decimals): partition by"
                            + " such a column, or give a calendar --" + sub + "interval such as '1 month' for a date"
                            + " or timestamp column");
                }
                return Optional.empty();
            }
            case LIST, HASH -> {
                String am = level.method() == PartitionMethod.LIST ? "btree" : "hash";
                if (OperatorClasses.hasDefault(context.connection(), am, column.typeOid())) {
                    return Optional.empty();
                }
                return Optional.of("which has no default " + am + " operator class, so PostgreSQL cannot "
                        + level.method() + "-partition by it: partition by another column, or use another method"
                        + (base.equals("json") || base.equals("_json") ? " (or change the column to jsonb)" : ""));
            }
            default -> throw new IllegalStateException("unknown method " + level.method());
        }
    }
}
