package io.partshift.partitioning.catalog;

import java.util.List;

/**
 * A table constraint other than NOT NULL.
 *
 * @param type       {@code c} check, {@code u} unique, {@code p} primary key, {@code x} exclusion, {@code f} foreign key
 * @param definition {@code pg_get_constraintdef}, e.g. {@code CHECK ((amount > 0))}
 * @param validated  false for a constraint added NOT VALID and never validated
 * @param columns    the constrained columns (conkey), in order
 */
public record ConstraintInfo(String name, char type, String definition, boolean validated, List<String> columns) {
    public ConstraintInfo {
        columns = List.copyOf(columns);
    }
}
