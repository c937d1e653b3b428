package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.config.PartitionLevel;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.List;
import java.util.Optional;

/**
 * Each level's partition key is a real, stored column of the source, and the two levels differ: PostgreSQL cannot
 * partition by a generated column, and a second level on the same column would split nothing.
 */
final class PartitionKeyExistsCheck extends NamedCheck {
    static final String NAME = "partition-key-exists";
    private static final int LISTED_COLUMNS = 12;

    PartitionKeyExistsCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        String t = table.ref().sql();
        List<PartitionLevel> levels = context.levels();
        for (int i = 0; i < levels.size(); i++) {
            String option = i == 0 ? "--partition-by" : "--subpartition-by";
            String name = levels.get(i).column();
            Optional<Column> column = table.column(name);
            if (column.isEmpty()) {
                return CheckResult.fail(NAME, t + " has no column " + Identifiers.quote(name) + " for " + option
                        + ": " + suggestion(table, name) + ".");
            }
            if (column.get().isGenerated()) {
                return CheckResult.fail(NAME, "column " + Identifiers.quote(name) + " of " + t + " is generated ("
                        + column.get().generatedExpr().get() + "), and PostgreSQL cannot partition by a generated"
                        + " column: give " + option + " a column it is computed from instead.");
            }
        }
        if (levels.size() == 2 && levels.get(0).column().equals(levels.get(1).column())) {
            return CheckResult.fail(NAME, "--partition-by and --subpartition-by both use column "
                    + Identifiers.quote(levels.get(0).column()) + ", so the second level would split nothing: give"
                    + " --subpartition-by another column, or drop it.");
        }
        return CheckResult.ok(NAME, "partition key " + String.join(", ", context.keyColumns()) + " found");
    }

    // Unquoted names fold to lower case, so a column created as "CreatedAt" is the usual miss.
    private static String suggestion(SourceTable table, String name) {
        Optional<Column> folded = table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
        if (folded.isPresent()) {
            return "its column is spelled " + Identifiers.quote(folded.get().name()) + ", so write it exactly so"
                    + " (double quotes keep capital letters)";
        }
        List<String> names = table.columns().stream().map(Column::name).map(Identifiers::quote).toList();
        String listed = String.join(", ", names.subList(0, Math.min(LISTED_COLUMNS, names.size())));
        return "pick one of its columns (" + listed + (names.size() > LISTED_COLUMNS ? ", ..." : "") + ")";
    }
}
