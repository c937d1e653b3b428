package io.partshift.pipeline.stream;

import io.partshift.config.BadInputException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a pgjdbc URL Debezium needs as separate settings: Debezium's Postgres connector takes a host, port and
 * database, not a URL. Only what we can pass on exactly is accepted; errors never echo the URL's parameters.
 *
 * @param params the query parameters, URL-decoded, in order
 */
record PgJdbcUrl(String host, int port, String database, Map<String, String> params) {
    private static final String PREFIX = "jdbc:postgresql:";
    private static final String EXAMPLE = "jdbc:postgresql://db.example.com:5432/app";

    PgJdbcUrl {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    static PgJdbcUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw bad("is not a PostgreSQL JDBC URL");
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        Map<String, String> params = query < 0 ? Map.of() : params(rest.substring(query + 1));
        String path = query < 0 ? rest : rest.substring(0, query);
        if (!path.startsWith("//")) {
            // jdbc:postgresql:database means localhost:5432, as pgjdbc reads it.
            return new PgJdbcUrl("localhost", 5432, database(path), params);
        }
        int slash = path.indexOf('/', 2);
        if (slash < 0) {
            throw bad("names no database");
        }
        String authority = path.substring(2, slash);
        if (authority.contains(",")) {
            throw bad("lists several hosts, but the change stream reads its replication slot from one server");
        }
        if (authority.contains("@")) {
            throw bad("holds a user before the host");
        }
        String host = authority;
        int port = 5432;
        int portColon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
        if (portColon >= 0) {
            host = authority.substring(0, portColon);
            port = port(authority.substring(portColon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        return new PgJdbcUrl(host, port, database(path.substring(slash + 1)), params);
    }

    private static String database(String encoded) {
        String db = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        if (db.isEmpty()) {
            throw bad("names no database");
        }
        return db;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad("has a port that is not a number from 1 to 65535");
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    private static BadInputException bad(String what) {
        return new BadInputException("the source's JDBC URL " + what + ": give it as " + EXAMPLE + ".");
    }
}
