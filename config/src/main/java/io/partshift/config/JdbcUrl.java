package io.partshift.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@code --url} and builds one from libpq's environment variables. URLs end up in logs and in
 * {@link ConnectionSpec#toString()}, so a URL holding a password is refused, and error messages never echo the URL
 * (it may hold one we did not recognise).
 */
final class JdbcUrl {
    static final String PREFIX = "jdbc:postgresql:";
    private static final String EXAMPLE = "jdbc:postgresql://db.example.com:5432/app";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%:\\[\\]-]+");

    private JdbcUrl() {
    }

    static String parse(String text, String option) {
        String url = text.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            throw new BadInputException("--" + option + " is a libpq URI, not a JDBC URL: write it as " + EXAMPLE
                    + " and pass the password through PGPASSWORD or --password-file.");
        }
        if (!url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            throw new BadInputException("--" + option + " must be a PostgreSQL JDBC URL starting with " + PREFIX
                    + ", e.g. " + EXAMPLE + ".");
        }
        String rest = url.substring(PREFIX.length());
        int queryStart = rest.indexOf('?');
        String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
        if (beforeQuery.startsWith("//")) {
            int slash = beforeQuery.indexOf('/', 2);
            String authority = slash < 0 ? beforeQuery.substring(2) : beforeQuery.substring(2, slash);
            if (authority.contains("@")) {
                throw new BadInputException("--" + option + " must not hold user@ or user:password@ before the host:"
                        + " give the user with --user or PGUSER and the password with PGPASSWORD or --password-file.");
            }
        }
        if (queryStart >= 0) {
            for (String param : rest.substring(queryStart + 1).split("&")) {
                String key = param.split("=", 2)[0].toLowerCase(Locale.ROOT);
                if (key.contains("password")) {
                    throw new BadInputException("do not put passwords in --" + option + ": use PGPASSWORD or"
                            + " --password-file.");
                }
            }
        }
        return url;
    }

    /**
     * Builds a URL from PGHOST (default localhost, may list several hosts), PGPORT (default 5432, one port or one per
     * host) and PGDATABASE (default: the user name), as libpq would read them.
     */
    static String fromLibpqEnvironment(Map<String, String> env, String user) {
        List<String> hosts = split(envOr(env, "PGHOST", "localhost"));
        List<String> ports = split(envOr(env, "PGPORT", "5432"));
        String database = envOr(env, "PGDATABASE", user);
        if (ports.size() != 1 && ports.size() != hosts.size()) {
            throw new BadInputException("PGPORT lists " + ports.size() + " ports for " + hosts.size() + " hosts in"
                    + " PGHOST: give one port, or one per host in the same order.");
        }
        StringBuilder url = new StringBuilder(PREFIX).append("//");
        for (int i = 0; i < hosts.size(); i++) {
            url.append(i == 0 ? "" : ",").append(host(hosts.get(i))).append(':')
                    .append(port(ports.get(ports.size() == 1 ? 0 : i)));
        }
        // pgjdbc URL-decodes the database part, so names with spaces or slashes must be encoded.
        return url.append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8)).toString();
    }

    private static String host(String host) {
        if (host.startsWith("/") || host.startsWith("@")) {
            throw new BadInputException("PGHOST '" + host + "' is a Unix socket directory, which the JDBC driver cannot"
                    + " use: set PGHOST to a host name such as localhost, or give --url.");
        }
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw new BadInputException("PGHOST '" + host + "' is not a host name: set it to a name or address such as"
                    + " localhost or db.example.com, or give --url.");
        }
        boolean bareIpv6 = host.contains(":") && !host.startsWith("[");
        return bareIpv6 ? "[" + host + "]" : host;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new BadInputException("PGPORT '" + text + "' is not a port number: set it to a number from 1 to 65535,"
                + " e.g. 5432.");
    }

    private static String envOr(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        // libpq treats an empty variable as unset.
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            parts.add(part.trim());
        }
        return parts;
    }
}
