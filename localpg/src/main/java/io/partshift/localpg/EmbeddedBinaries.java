package io.partshift.localpg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the PostgreSQL 15 binaries that zonky ships through Maven Central, for machines without a PostgreSQL
 * install. As root, zonky runs them in a user namespace as "nobody"; where user namespaces are blocked,
 * initdb fails with "cannot be run as root". Its bin directory holds only initdb, pg_ctl and postgres.
 */
final class EmbeddedBinaries implements Launcher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBinaries.class);

    /** Unpacked once per machine and reused: unpacking the 15 MB archive takes seconds. */
    private static final Path BINARIES = Path.of(System.getProperty("java.io.tmpdir"), "partshift-embedded-pg");

    @Override
    public RunningServer launch(ServerDirectory dir, Map<String, String> settings) throws IOException {
        try {
            return new Running(start(dir, settings, "C.UTF-8"), dir);
        } catch (IOException | RuntimeException e) {
            // zonky may give up waiting while the postmaster still starts; do not leave it behind.
            ServerDirectory.killPostmaster(dir.dataDir());
            if (!dir.logTail(50).contains("invalid locale name")) {
                throw e;
            }
            log.info("locale C.UTF-8 is not installed here; initdb falls back to locale C");
            ServerDirectory.deleteTree(dir.dataDir());
            return new Running(start(dir, settings, "C"), dir);
        }
    }

    private static EmbeddedPostgres start(ServerDirectory dir, Map<String, String> settings, String locale)
            throws IOException {
        // initdb's and the server's output go to server.log, where the error message looks for them.
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(dir.serverLog().toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(BINARIES.toFile())
                .setDataDirectory(dir.dataDir())
                .setCleanDataDirectory(true)
                .setPort(Integer.parseInt(settings.get("port")))
                .setLocaleConfig("locale", locale)
                // LocalPostgres registers its own hook, which also deletes the whole server directory.
                .setRegisterShutdownHook(false)
                // zonky ignores pg_ctl's exit code and polls until this runs out, so a server that cannot start
                // costs the whole wait; a healthy one is up in under a second even on a loaded 2-core machine.
                .setPGStartupWait(Duration.ofSeconds(20))
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog);
        // zonky passes these to pg_ctl -o unquoted, and pg_ctl hands them to /bin/sh: quote values here.
        settings.forEach((k, v) -> builder.setServerConfig(k, ServerSettings.shellWord(v)));
        return builder.start();
    }

    private static final class Running implements RunningServer {
        private final EmbeddedPostgres server;
        private final ServerDirectory dir;
        private final Path bin;

        Running(EmbeddedPostgres server, ServerDirectory dir) throws IOException {
            this.server = server;
            this.dir = dir;
            this.bin = unpackedBinDir().orElseThrow(() -> new IOException("zonky started PostgreSQL but no"
                    + " PG-*/bin/pg_ctl was found under " + BINARIES));
        }

        @Override
        public void stop() throws IOException {
            // Read before close(): zonky deletes the data directory even when its pg_ctl stop failed.
            Optional<Long> postmaster = ServerDirectory.readPid(dir.dataDir().resolve("postmaster.pid"));
            server.close();
            postmaster.ifPresent(pid -> ServerDirectory.killPostgres(pid, Duration.ofSeconds(2)));
        }

        @Override
        public Path binDir() {
            return bin;
        }

        @Override
        public String description() {
            return "zonky embedded binaries in " + bin;
        }

        /** zonky unpacks into PG-<digest of the archive>; the newest one is the archive on our class path. */
        private static Optional<Path> unpackedBinDir() throws IOException {
            try (Stream<Path> dirs = Files.list(BINARIES)) {
                List<Path> bins = dirs.filter(d -> d.getFileName().toString().startsWith("PG-"))
                        .map(d -> d.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .toList();
                return bins.stream().max(Comparator.comparing(b -> b.toFile().lastModified()));
            }
        }
    }
}
