package io.partshift.localpg;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One throw-away PostgreSQL server on 127.0.0.1, in its own temporary directory, configured for logical
 * decoding, with trust authentication for the superuser {@code postgres}. {@link #close()} stops it and
 * deletes everything; a JVM shutdown hook does the same if nobody calls it.
 *
 * <p>The binaries come from the machine ({@link Strategy#SYSTEM}) or, failing that, from zonky's Maven
 * artifact ({@link Strategy#EMBEDDED}); the environment variable {@code PARTSHIFT_PG=system|embedded}
 * forces one of them.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    static final String SUPERUSER = "postgres";
    private static final String HOST = "127.0.0.1";
    /** Another process may take the free port we picked before the postmaster binds it. */
    private static final int PORT_ATTEMPTS = 3;

    /** Where the binaries came from. */
    public enum Strategy { SYSTEM, EMBEDDED }

    /**
     * The server settings to start with: {@link #defaults()} (logical decoding, no fsync), changed with
     * {@link #withSetting}. port, listen_addresses and unix_socket_directories are chosen per server.
     */
    public record Settings(Map<String, String> serverSettings) {
        public Settings {
            Objects.requireNonNull(serverSettings, "serverSettings");
            serverSettings.forEach(ServerSettings::validate);
            serverSettings = Collections.unmodifiableMap(new LinkedHashMap<>(serverSettings));
        }

        public static Settings defaults() {
            return new Settings(ServerSettings.defaults());
        }

        /** A copy with {@code key} set (added or overridden), e.g. {@code withSetting("wal_level", "replica")}. */
        public Settings withSetting(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(serverSettings);
            copy.put(key, value);
            return new Settings(copy);
        }
    }

    private final Strategy strategy;
    private final int port;
    private final ServerDirectory dir;
    private final Launcher.RunningServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private LocalPostgres(Strategy strategy, int port, ServerDirectory dir, Launcher.RunningServer server) {
        this.strategy = strategy;
        this.port = port;
        this.dir = dir;
        this.server = server;
        this.shutdownHook = new Thread(this::close, "partshift-localpg-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server, by the strategies {@code PARTSHIFT_PG} allows (default: system, then embedded).
     *
     * @throws IllegalStateException if no strategy could start one; the message says what each reported and
     *     how to fix it
     */
    public static LocalPostgres start(Settings settings) {
        return start(settings, strategiesFrom(System.getenv("PARTSHIFT_PG")));
    }

    static List<Strategy> strategiesFrom(String env) {
        if (env == null || env.isBlank()) {
            return List.of(Strategy.SYSTEM, Strategy.EMBEDDED);
        }
        return switch (env.strip().toLowerCase(Locale.ROOT)) {
            case "system" -> List.of(Strategy.SYSTEM);
            case "embedded" -> List.of(Strategy.EMBEDDED);
            default -> throw new IllegalStateException("PARTSHIFT_PG=" + env + " is not one of: system, embedded"
                    + " (leave it unset to try system binaries first, then embedded ones)");
        };
    }

    /** Starts a server trying exactly these strategies in order; tests use it to force one. */
    static LocalPostgres start(Settings settings, List<Strategy> strategies) {
        StartupFailure failure = new StartupFailure();
        strategies:
        for (Strategy strategy : strategies) {
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                long t0 = System.nanoTime();
                ServerDirectory dir = null;
                Launcher.RunningServer server = null;
                LocalPostgres pg = null;
                int port = -1;
                try {
                    dir = ServerDirectory.create();
                    port = freePort();
                    server = launcher(strategy)
                            .launch(dir, ServerSettings.forServer(settings.serverSettings(), dir.root(), port));
                    pg = new LocalPostgres(strategy, port, dir, server);
                    log.info("PostgreSQL {} started on {}:{} from {} in {} ms (directory {})", pg.version(), HOST, port,
                            server.description(), (System.nanoTime() - t0) / 1_000_000, dir.root());
                    return pg;
                } catch (Exception e) {
                    String logTail = dir == null ? "" : dir.logTail(20);
                    cleanUp(pg, server, dir, e);
                    boolean portTaken = logTail.contains("Address already in use");
                    if (portTaken && attempt < PORT_ATTEMPTS) {
                        log.info("port {} was taken before PostgreSQL could bind it; trying another", port);
                        continue;
                    }
                    failure.add(strategy, port, e, logTail);
                    log.info("starting PostgreSQL from {} binaries failed: {}", strategy, e.getMessage());
                    if (StartupFailure.isSettingsError(logTail)) {
                        break strategies; // other binaries would reject the same settings
                    }
                    break;
                }
            }
        }
        throw failure.toException();
    }

    private static Launcher launcher(Strategy strategy) {
        return switch (strategy) {
            case SYSTEM -> new SystemBinaries();
            case EMBEDDED -> new EmbeddedBinaries();
        };
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String superuser() {
        return SUPERUSER;
    }

    /** Which binaries run this server. */
    public Strategy strategy() {
        return strategy;
    }

    /** initdb, pg_ctl, postgres and, for {@link Strategy#SYSTEM}, the client tools such as pgbench. */
    public Path binDir() {
        return server.binDir();
    }

    /** A URL without the user: pass {@link #superuser()} or another role as the {@code user} property. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** A new superuser connection (autocommit on) to the database. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    public void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres")) {
            DatabaseAdmin.create(c, name);
        }
    }

    /** Drops the database's replication slots (ending their walsenders), then the database WITH (FORCE). */
    public void dropDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres")) {
            DatabaseAdmin.drop(c, name);
        }
    }

    /** Fast shutdown, then deletes the directory. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway and finds the server closed.
            }
        }
        Exception failure = null;
        try {
            server.stop();
        } catch (Exception e) {
            failure = e;
        }
        try {
            dir.delete();
        } catch (Exception e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("could not stop PostgreSQL on " + HOST + ":" + port + " or delete "
                    + dir.root() + ": " + failure.getMessage(), failure);
        }
        log.info("PostgreSQL on {}:{} stopped and {} deleted", HOST, port, dir.root());
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + HOST + ":" + port + ", " + strategy + ", " + dir.root() + "]";
    }

    private String version() throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new SQLException("server started but does not answer on " + HOST + ":" + port + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** After a failed attempt: stop what did start, delete the directory; problems join the original error. */
    private static void cleanUp(LocalPostgres pg, Launcher.RunningServer server, ServerDirectory dir, Exception cause) {
        try {
            if (pg != null) {
                pg.close();
                return;
            }
            if (server != null) {
                server.stop();
            }
            if (dir != null) {
                dir.delete();
            }
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
