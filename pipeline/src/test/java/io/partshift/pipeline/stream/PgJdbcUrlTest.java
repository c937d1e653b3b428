package io.partshift.pipeline.stream;

import io.partshift.config.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PgJdbcUrlTest {

    @Test
    void hostPortDatabaseAndParameters() {
        PgJdbcUrl url = PgJdbcUrl.parse("jdbc:postgresql://db.example.com:6543/app?sslmode=require&ApplicationName=x");
        assertEquals("db.example.com", url.host());
        assertEquals(6543, url.port());
        assertEquals("app", url.database());
        assertEquals(Map.of("sslmode", "require", "ApplicationName", "x"), url.params());
    }

    @Test
    void defaults() {
        assertEquals(new PgJdbcUrl("db", 5432, "app", Map.of()), PgJdbcUrl.parse("jdbc:postgresql://db/app"));
        assertEquals(new PgJdbcUrl("localhost", 5432, "app", Map.of()), PgJdbcUrl.parse("jdbc:postgresql:app"));
        assertEquals(new PgJdbcUrl("localhost", 5432, "app", Map.of()), PgJdbcUrl.parse("jdbc:postgresql://:5432/app"));
    }

    @Test
    void ipv6AndEncodedDatabase() {
        PgJdbcUrl url = PgJdbcUrl.parse("jdbc:postgresql://[::1]:5433/my%20db");
        assertEquals("::1", url.host());
        assertEquals(5433, url.port());
        assertEquals("my db", url.database());
        assertEquals(5432, PgJdbcUrl.parse("jdbc:postgresql://[fe80::1]/x").port());
    }

    @Test
    void rejectsWhatItCannotPassOn() {
        for (String bad : new String[] {"postgresql://h/db", "jdbc:mysql://h/db", "jdbc:postgresql://h1,h2/db",
                "jdbc:postgresql://h", "jdbc:postgresql://h/", "jdbc:postgresql://h:99999/db",
                "jdbc:postgresql://h:x/db", "jdbc:postgresql://u@h/db", null}) {
            BadInputException e = assertThrows(BadInputException.class, () -> PgJdbcUrl.parse(bad), String.valueOf(bad));
            assertFalse(e.getMessage().contains("h1,h2"), "errors do not echo the URL: " + e.getMessage());
        }
    }
}
