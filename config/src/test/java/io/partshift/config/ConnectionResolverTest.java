package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where to connect and as whom, from options and libpq's variables; the password never leaks into text. */
class ConnectionResolverTest {
    private static final String PASSWORD = "hunter2-s3cret";

    @TempDir
    Path dir;

    private static ConnectionSpec connection(Map<String, List<String>> flags, Map<String, String> env) {
        Map<String, List<String>> withTable = new java.util.HashMap<>(flags);
        withTable.put("table", List.of("t"));
        return SpecReader.read(Optional.empty(), withTable, env).target().connection();
    }

    @Test
    void urlIsBuiltFromLibpqVariables() {
        assertEquals("jdbc:postgresql://db.internal:6432/sales",
                connection(Map.of(), Map.of("PGHOST", "db.internal", "PGPORT", "6432", "PGDATABASE", "sales",
                        "PGUSER", "app")).url());
    }

    @Test
    void libpqDefaultsAreLocalhost5432AndTheUsersDatabase() {
        ConnectionSpec c = connection(Map.of(), Map.of("PGUSER", "app", "PGHOST", ""));
        assertEquals("jdbc:postgresql://localhost:5432/app", c.url());
        assertEquals("app", c.user());
        ConnectionSpec osUser = connection(Map.of(), Map.of());
        assertEquals(System.getProperty("user.name"), osUser.user());
        assertTrue(osUser.url().endsWith("/" + System.getProperty("user.name")), osUser.url());
    }

    @Test
    void userOptionNamesTheDefaultDatabaseToo() {
        assertEquals("jdbc:postgresql://localhost:5432/bob", connection(Map.of("user", List.of("bob")),
                Map.of("PGUSER", "alice")).url());
    }

    @Test
    void severalHostsAndIpv6AndOddDatabaseNamesBecomeAValidUrl() {
        assertEquals("jdbc:postgresql://a:5432,b:5433/my+db",
                connection(Map.of(), Map.of("PGHOST", "a,b", "PGPORT", "5432,5433", "PGDATABASE", "my db",
                        "PGUSER", "u")).url());
        assertEquals("jdbc:postgresql://[::1]:5432/u", connection(Map.of(), Map.of("PGHOST", "::1", "PGUSER", "u")).url());
        assertEquals("jdbc:postgresql://a:7000,b:7000/u",
                connection(Map.of(), Map.of("PGHOST", "a,b", "PGPORT", "7000", "PGUSER", "u")).url());
    }

    @Test
    void badLibpqVariablesAreErrors() {
        String port = assertThrows(BadInputException.class,
                () -> connection(Map.of(), Map.of("PGPORT", "five", "PGUSER", "u"))).getMessage();
        assertEquals("PGPORT 'five' is not a port number: set it to a number from 1 to 65535, e.g. 5432.", port);
        assertThrows(BadInputException.class, () -> connection(Map.of(), Map.of("PGPORT", "70000", "PGUSER", "u")));
        String socket = assertThrows(BadInputException.class,
                () -> connection(Map.of(), Map.of("PGHOST", "/var/run/postgresql", "PGUSER", "u"))).getMessage();
        assertTrue(socket.contains("Unix socket"), socket);
        assertThrows(BadInputException.class,
                () -> connection(Map.of(), Map.of("PGHOST", "a,b,c", "PGPORT", "1,2", "PGUSER", "u")));
    }

    @Test
    void anExplicitUrlWinsOverTheEnvironmentWhoseBadValuesAreThenIgnored() {
        ConnectionSpec c = connection(Map.of("url", List.of("jdbc:postgresql://x:1/y")),
                Map.of("PGHOST", "other", "PGPORT", "not-a-number", "PGUSER", "u"));
        assertEquals("jdbc:postgresql://x:1/y", c.url());
    }

    @Test
    void passwordComesFromTheFileThenPgpassword() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "from file \r\nsecond line\n");
        ConnectionSpec fromFile = connection(Map.of("password-file", List.of(file.toString())),
                Map.of("PGPASSWORD", "from env", "PGUSER", "u"));
        assertEquals("from file ", fromFile.password().value().orElseThrow(), "first line, only the newline cut");
        ConnectionSpec fromEnv = connection(Map.of(), Map.of("PGPASSWORD", PASSWORD, "PGUSER", "u"));
        assertEquals(PASSWORD, fromEnv.jdbcProperties().getProperty("password"));
        ConnectionSpec none = connection(Map.of(), Map.of("PGUSER", "u", "PGPASSWORD", ""));
        assertTrue(none.password().value().isEmpty());
        assertFalse(none.jdbcProperties().containsKey("password"));
    }

    @Test
    void anEmptyPasswordFileIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("empty"), "");
        String message = assertThrows(BadInputException.class,
                () -> connection(Map.of("password-file", List.of(file.toString())), Map.of("PGUSER", "u")))
                .getMessage();
        assertTrue(message.contains("empty first line"), message);
    }

    @Test
    void thePasswordNeverAppearsInTextOrMessages() throws IOException {
        ConnectionSpec c = connection(Map.of(), Map.of("PGPASSWORD", PASSWORD, "PGUSER", "u"));
        assertFalse(c.toString().contains(PASSWORD), c.toString());
        assertFalse(c.password().toString().contains(PASSWORD));
        SpecReader reader = SpecReader.read(Optional.empty(), Map.of("table", List.of("t")),
                Map.of("PGPASSWORD", PASSWORD));
        assertFalse(reader.toString().contains(PASSWORD));
        assertFalse(reader.effectiveValues().toString().contains(PASSWORD));
        assertFalse(reader.target().toString().contains(PASSWORD), reader.target().toString());

        // A password in a URL is refused without echoing it.
        for (String url : List.of("jdbc:postgresql://db/app?user=u&password=" + PASSWORD,
                "jdbc:postgresql://u:" + PASSWORD + "@db/app", "postgresql://u:" + PASSWORD + "@db/app",
                "jdbc:mysql://u:" + PASSWORD + "@db/app", "jdbc:postgresql://db/app?sslpassword=" + PASSWORD)) {
            String message = assertThrows(BadInputException.class, () -> Options.URL.parse(url)).getMessage();
            assertFalse(message.contains(PASSWORD), message);
        }
        assertEquals("do not put passwords in --url: use PGPASSWORD or --password-file.", assertThrows(
                BadInputException.class, () -> Options.URL.parse("jdbc:postgresql://db/app?password=x")).getMessage());

        // A password file whose bytes are not UTF-8 is refused without quoting them.
        Path latin1 = Files.write(dir.resolve("pw-latin1"), new byte[]{'p', (byte) 0xE9, 'w', '\n'});
        String message = assertThrows(BadInputException.class,
                () -> connection(Map.of("password-file", List.of(latin1.toString())), Map.of("PGUSER", "u")))
                .getMessage();
        assertTrue(message.contains("could not be read as UTF-8") && !message.contains("p\u00e9w"), message);
    }
}
