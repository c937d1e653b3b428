package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Identifiers are read and quoted the way PostgreSQL does, since a wrong fold names a different table. */
class IdentifiersTest {
    @Test
    void plainNamesStayUnquotedAndOthersAreQuoted() {
        assertEquals("events", Identifiers.quote("events"));
        assertEquals("created_at$2", Identifiers.quote("created_at$2"));
        assertEquals("\"Events\"", Identifiers.quote("Events"));
        assertEquals("\"order\"", Identifiers.quote("order"), "reserved word");
        assertEquals("\"user\"", Identifiers.quote("user"), "reserved word");
        assertEquals("\"my table\"", Identifiers.quote("my table"));
        assertEquals("\"1st\"", Identifiers.quote("1st"));
        assertEquals("\"say \"\"hi\"\"\"", Identifiers.quote("say \"hi\""));
    }

    @Test
    void literalsDoubleTheirQuotes() {
        assertEquals("'it''s'", Identifiers.literal("it's"));
    }

    @Test
    void unquotedPartsFoldAsciiOnlyAndQuotedPartsKeepTheirCase() {
        assertEquals(List.of("sales", "Orders"), Identifiers.splitQualified("Sales.\"Orders\""));
        assertEquals(List.of("my.schema", "a\"b"), Identifiers.splitQualified("\"my.schema\".\"a\"\"b\""));
        assertEquals(List.of("public", "events"), Identifiers.splitQualified(" public . events "));
        // PostgreSQL lower-cases only ASCII letters of an unquoted name in a UTF-8 database.
        assertEquals(List.of("crème_É"), Identifiers.splitQualified("CRèME_É"));
    }

    @Test
    void malformedNamesAreRefused() {
        assertTrue(message("\"open").contains("unclosed double quote"));
        assertTrue(message("a..b").contains("empty name part"));
        assertTrue(message("a.").contains("empty name part"));
        assertTrue(message("\"\"").contains("empty quoted name"));
        assertTrue(message("\"a\"b").contains("not a valid name"));
        assertTrue(message("a\"b\"").contains("not a valid name"));
        assertTrue(message("my table").contains("put it in double quotes, e.g. \"my table\""));
        assertTrue(message("events;drop").contains("double quotes"));
        assertTrue(message("x".repeat(64)).contains("longer than 63 bytes"));
        assertEquals(List.of("x".repeat(63)), Identifiers.splitQualified("x".repeat(63)));
    }

    @Test
    void parseOneRefusesQualifiedNames() {
        assertEquals("Id", Identifiers.parseOne("\"Id\"", "column"));
        assertThrows(BadInputException.class, () -> Identifiers.parseOne("t.id", "column"));
    }

    @Test
    void tableRefParsesDefaultsAndQuotesForSql() {
        assertEquals(new TableRef("public", "events"), TableRef.parse("events"));
        assertEquals(new TableRef("public", "events"), TableRef.parse("PUBLIC.EVENTS"));
        assertEquals(new TableRef("My Schema", "Events"), TableRef.parse("\"My Schema\".\"Events\""));
        assertEquals("\"My Schema\".\"Events\"", TableRef.parse("\"My Schema\".\"Events\"").sql());
        // Reserved words are accepted as names and quoted wherever SQL is written.
        TableRef order = TableRef.parse("shop.order");
        assertEquals(new TableRef("shop", "order"), order);
        assertEquals("shop.\"order\"", order.sql());
        assertEquals("shop.order", order.toString());
        assertThrows(BadInputException.class, () -> TableRef.parse("a.b.c"));
        assertThrows(BadInputException.class, () -> TableRef.parse(" "));
    }

    @Test
    void partitionKeysParsePostgresWordsAndQuotedColumns() {
        assertEquals(new PartitionKey(PartitionMethod.RANGE, "created_at"), PartitionKey.parse("range(Created_At)", "p"));
        assertEquals(new PartitionKey(PartitionMethod.LIST, "a,b"), PartitionKey.parse("LIST (\"a,b\")", "p"));
        assertEquals("LIST (\"Region\")", PartitionKey.parse("LIST (\"Region\")", "p").sql());
        assertEquals("HASH (\"user\")", PartitionKey.parse("HASH (\"user\")", "p").sql());
        assertThrows(BadInputException.class, () -> PartitionKey.parse("RANGE (\"a\", b)", "p"));
        assertThrows(BadInputException.class, () -> PartitionKey.parse("RANGE (t.created_at)", "p"));
        assertThrows(BadInputException.class, () -> PartitionKey.parse("INTERVAL (x)", "p"));
    }

    private static String message(String text) {
        return assertThrows(BadInputException.class, () -> Identifiers.splitQualified(text)).getMessage();
    }
}
