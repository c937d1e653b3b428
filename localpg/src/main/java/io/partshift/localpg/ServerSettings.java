package io.partshift.localpg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The server settings every local PostgreSQL gets, and how they are handed to the postmaster. */
final class ServerSettings {

    /** Chosen by {@link LocalPostgres} for each server; letting a caller set them would break host()/port(). */
    static final Set<String> RESERVED = Set.of("port", "listen_addresses", "unix_socket_directories", "data_directory",
            "hba_file", "ident_file", "config_file");

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.]*");
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9_./:+-]+");

    private ServerSettings() {
    }

    static Map<String, String> defaults() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("wal_level", "logical");
        s.put("max_replication_slots", "32");
        s.put("max_wal_senders", "32");
        s.put("max_connections", "200");
        // Throw-away data: durability only costs time here.
        s.put("fsync", "off");
        s.put("full_page_writes", "off");
        // Not "off": logical decoding only sees flushed WAL, so changes would reach the stream up to a second late.
        s.put("synchronous_commit", "on");
        // Same answers on every machine, whatever its time zone.
        s.put("timezone", "UTC");
        return Collections.unmodifiableMap(s);
    }

    static void validate(String key, String value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL setting name: '" + key + "'");
        }
        if (RESERVED.contains(key)) {
            throw new IllegalArgumentException("setting '" + key + "' is chosen by LocalPostgres for each server and"
                    + " cannot be overridden; read it back with host()/port() instead");
        }
        if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("setting '" + key + "' needs a one-line value, got: " + value);
        }
    }

    /** The caller's settings plus the ones that pin this server to its own port, address and directory. */
    static Map<String, String> forServer(Map<String, String> requested, Path socketDir, int port) {
        Map<String, String> s = new LinkedHashMap<>(requested);
        s.put("listen_addresses", "127.0.0.1");
        s.put("port", Integer.toString(port));
        // Not /var/run/postgresql: it may not exist, and two servers must not share a socket directory.
        s.put("unix_socket_directories", socketDir.toString());
        return s;
    }

    /**
     * The value as one /bin/sh word: pg_ctl pastes its -o options into a shell command line, so a value with
     * spaces or quotes would otherwise be split or mangled.
     */
    static String shellWord(String value) {
        if (PLAIN_VALUE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The -o argument of pg_ctl: {@code -c 'key=value'} for each setting. */
    static String asPostmasterOptions(Map<String, String> settings) {
        List<String> parts = new ArrayList<>();
        settings.forEach((k, v) -> parts.add("-c " + shellWord(k + "=" + v)));
        return String.join(" ", parts);
    }
}
