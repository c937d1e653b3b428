package io.partshift.pipeline.stream;

import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.jdbc.PgArray;
import org.postgresql.util.PGobject;

import java.sql.Types;
import java.util.Properties;
import java.util.Set;

/**
 * A Debezium custom converter that keeps PostgreSQL's own text for the types whose Debezium encoding loses
 * information, checked on PostgreSQL 15 with Debezium 3.6.3:
 * <ul>
 *   <li>arrays: Debezium fails on {@code numeric[]} holding NaN and on unchanged TOASTed {@code numeric[]}, moves
 *       {@code timetz[]} to UTC and encodes infinite dates in {@code date[]} differently from plain dates; the raw
 *       value is pgjdbc's {@code PgArray}, whose text is exactly what pgoutput sent;</li>
 *   <li>{@code bit}/{@code varbit}: Debezium's bytes drop a varbit's leading zeros (its length), turn
 *       {@code bit(1)} into a boolean and fail on an unchanged TOASTed varbit; the raw value is the bit text.</li>
 * </ul>
 * The values get the schema name {@link #SCHEMA_NAME}, which tells {@link DebeziumValues} the text is final. An
 * unchanged TOASTed value becomes {@link DebeziumValues#PLACEHOLDER}. Debezium instantiates this class by name.
 */
public final class PgTextConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {
    static final String SCHEMA_NAME = "io.partshift.PgText";
    private static final Set<String> BIT_TYPES = Set.of("bit", "varbit");

    @Override
    public void configure(Properties props) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (column.jdbcType() == Types.ARRAY || BIT_TYPES.contains(column.typeName())) {
            String where = column.dataCollection() + "." + column.name() + " (" + column.typeName() + ")";
            registration.register(SchemaBuilder.string().name(SCHEMA_NAME).optional(), raw -> text(where, raw));
        }
    }

    static String text(String column, Object raw) {
        if (raw == null) {
            return null;
        }
        if (UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(raw)) {
            return DebeziumValues.PLACEHOLDER;
        }
        if (raw instanceof PgArray array) {
            return array.toString();
        }
        if (raw instanceof PGobject object) {
            return object.getValue();
        }
        if (raw instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("column " + column + ": unexpected raw value of " + raw.getClass().getName()
                + " from Debezium; cannot keep its PostgreSQL text");
    }
}
