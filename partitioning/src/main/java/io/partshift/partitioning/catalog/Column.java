package io.partshift.partitioning.catalog;

import java.util.Optional;

/**
 * One column of the source table.
 *
 * @param type           the type as {@code format_type} spells it, e.g. {@code timestamp with time zone}, {@code numeric(10,2)}
 * @param typeOid        the type's OID (for an array or domain, the type itself, not its element or base)
 * @param typeCategory   {@code pg_type.typcategory} of the base type: D date/time, N numeric, S string, U user (uuid...), E enum, B boolean, A array...
 * @param baseType       the base type's name after resolving domains, e.g. {@code timestamptz}, {@code int8}
 * @param identity       {@code 'a'} GENERATED ALWAYS, {@code 'd'} BY DEFAULT, {@code '\0'} none
 * @param generatedExpr  the expression of a {@code GENERATED ALWAYS AS (...) STORED} column
 * @param collation      a collation other than the type's default, quoted for SQL
 * @param sequence       the sequence behind a serial or identity column, schema-qualified
 */
public record Column(String name, int position, String type, long typeOid, char typeCategory, String baseType,
                     boolean notNull, Optional<String> defaultExpr, char identity, Optional<String> generatedExpr,
                     Optional<String> collation, Optional<String> sequence) {

    public boolean isGenerated() {
        return generatedExpr.isPresent();
    }

    public boolean isIdentity() {
        return identity != '\0';
    }
}
