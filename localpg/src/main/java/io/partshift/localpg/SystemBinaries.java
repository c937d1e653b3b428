package io.partshift.localpg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the machine's own PostgreSQL binaries (the fast path: no unpacking, pgbench available). */
final class SystemBinaries implements Launcher {

    private static final Logger log = LoggerFactory.getLogger(SystemBinaries.class);
    private static final Path DEBIAN_LAYOUT = Path.of("/usr/lib/postgresql");

    @Override
    public RunningServer launch(ServerDirectory dir, Map<String, String> settings) throws IOException {
        Path bin = locateBinDir();
        boolean asOtherUser = OsUser.jvmIsRoot();
        if (asOtherUser) {
            OsUser.ensureExists(dir.root());
            OsUser.chown(dir.root());
        }
        Running server = new Running(bin, dir, asOtherUser);
        server.initdb();
        server.start(settings);
        return server;
    }

    /** PG_BIN if set (and then it must be right), else the newest /usr/lib/postgresql/N/bin, else pg_config. */
    static Path locateBinDir() throws IOException {
        String fromEnv = System.getenv("PG_BIN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path bin = Path.of(fromEnv);
            if (!Files.isExecutable(bin.resolve("postgres"))) {
                throw new IOException("PG_BIN=" + fromEnv + " holds no executable 'postgres'");
            }
            return bin;
        }
        Optional<Path> debian = newestDebianBinDir();
        if (debian.isPresent()) {
            return debian.get();
        }
        String bindir = Command.outputOf(List.of("pg_config", "--bindir"), Path.of("/"));
        if (bindir != null && Files.isExecutable(Path.of(bindir, "postgres"))) {
            return Path.of(bindir);
        }
        throw new IOException("no PostgreSQL server binaries found: PG_BIN is not set, no " + DEBIAN_LAYOUT
                + "/<version>/bin/postgres exists, and pg_config --bindir " + (bindir == null ? "did not run"
                : "names " + bindir + ", which has no postgres"));
    }

    private static Optional<Path> newestDebianBinDir() throws IOException {
        if (!Files.isDirectory(DEBIAN_LAYOUT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_LAYOUT)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"));
        }
    }

    private static final class Running implements RunningServer {
        private final Path bin;
        private final ServerDirectory dir;
        private final boolean asOtherUser;

        Running(Path bin, ServerDirectory dir, boolean asOtherUser) {
            this.bin = bin;
            this.dir = dir;
            this.asOtherUser = asOtherUser;
        }

        void initdb() throws IOException {
            Command.Result r = initdb("C.UTF-8");
            if (!r.ok() && r.output().contains("invalid locale name")) {
                log.info("locale C.UTF-8 is not installed here; initdb falls back to locale C");
                r = initdb("C");
            }
            if (!r.ok()) {
                throw new IOException("initdb failed: " + r.describe());
            }
        }

        private Command.Result initdb(String locale) throws IOException {
            // --no-sync: the cluster is thrown away, so skip initdb's fsync of every file.
            return run("initdb", List.of("-D", dir.dataDir().toString(), "-U", LocalPostgres.SUPERUSER, "-A", "trust",
                    "-E", "UTF8", "--locale=" + locale, "--no-sync"), Duration.ofSeconds(120));
        }

        void start(Map<String, String> settings) throws IOException {
            Command.Result r = run("pg_ctl", List.of("-D", dir.dataDir().toString(), "-w", "-t", "60",
                    "-l", dir.serverLog().toString(), "-o", ServerSettings.asPostmasterOptions(settings), "start"),
                    Duration.ofSeconds(90));
            if (!r.ok()) {
                // pg_ctl may give up while the postmaster still starts; do not leave it behind.
                ServerDirectory.killPostmaster(dir.dataDir());
                throw new IOException("pg_ctl start failed: " + r.describe());
            }
        }

        @Override
        public void stop() throws IOException {
            Command.Result r = run("pg_ctl", List.of("-D", dir.dataDir().toString(), "-m", "fast", "-w", "-t", "30",
                    "stop"), Duration.ofSeconds(60));
            if (!r.ok()) {
                log.warn("pg_ctl stop failed, killing the postmaster instead: {}", r.describe());
                ServerDirectory.killPostmaster(dir.dataDir());
            }
        }

        @Override
        public Path binDir() {
            return bin;
        }

        @Override
        public String description() {
            return "system binaries in " + bin + (asOtherUser ? " run as OS user " + OsUser.NAME : "");
        }

        private Command.Result run(String program, List<String> args, Duration timeout) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(bin.resolve(program).toString());
            command.addAll(args);
            Path out = dir.root().resolve(program + ".out");
            return Command.run(asOtherUser ? OsUser.asUser(command) : command, dir.root(), out, timeout);
        }
    }
}
