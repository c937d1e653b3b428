package io.partshift.localpg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary directory one server lives in: {@code data/} (the cluster), {@code server.log}, the Unix
 * socket, and {@code owner.pid} naming the JVM that started it, so that a later run can remove what a killed
 * run left behind.
 */
final class ServerDirectory {

    private static final Logger log = LoggerFactory.getLogger(ServerDirectory.class);
    private static final String PREFIX = "partshift-pg-";
    // A Unix socket path may be at most 107 bytes; ".s.PGSQL.NNNNN" and some slack take the rest.
    private static final int MAX_BASE_LENGTH = 70;

    private final Path root;

    private ServerDirectory(Path root) {
        this.root = root;
    }

    static ServerDirectory create() throws IOException {
        Path base = baseDirectory();
        removeAbandoned(base);
        Path root = Files.createTempDirectory(base, PREFIX);
        Files.writeString(root.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        return new ServerDirectory(root);
    }

    Path root() {
        return root;
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path serverLog() {
        return root.resolve("server.log");
    }

    /** The last lines of the server log, or "" if there is none yet. */
    String logTail(int lines) {
        try {
            if (!Files.exists(serverLog())) {
                return "";
            }
            List<String> all = List.of(new String(Files.readAllBytes(serverLog()), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())).strip();
        } catch (IOException e) {
            return "(server log " + serverLog() + " unreadable: " + e.getMessage() + ")";
        }
    }

    void delete() throws IOException {
        deleteTree(root);
    }

    /**
     * java.io.tmpdir unless the server's OS user could not reach it or the socket path would be too long;
     * then /tmp, which every Unix user can traverse.
     */
    static Path baseDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (tmp.toString().length() <= MAX_BASE_LENGTH && traversableByOthers(tmp)) {
            return tmp;
        }
        return Path.of("/tmp");
    }

    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir; p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Directories of servers whose JVM is gone (killed, so no shutdown hook ran): stop their server, delete. */
    private static void removeAbandoned(Path base) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path dir : dirs) {
                Optional<Long> owner = readPid(dir.resolve("owner.pid"));
                if (owner.isEmpty() || ProcessHandle.of(owner.get()).isPresent()) {
                    continue; // not ours to judge, or its JVM still runs
                }
                killPostmaster(dir.resolve("data"));
                log.info("removing {} left behind by JVM {} that no longer runs", dir, owner.get());
                deleteTree(dir);
            }
        } catch (IOException e) {
            // Leftovers only cost disk space; starting the new server matters more.
            log.warn("could not clean up abandoned server directories in {}: {}", base, e.toString());
        }
    }

    /**
     * Last resort when pg_ctl could not stop a server: SIGTERM, then SIGKILL. Only a process that still runs
     * a postgres binary is touched, in case the pid was reused.
     */
    static void killPostmaster(Path dataDir) {
        readPid(dataDir.resolve("postmaster.pid")).ifPresent(pid -> killPostgres(pid, Duration.ZERO));
    }

    /** As {@link #killPostmaster}, but first gives a postmaster that is already shutting down {@code grace}. */
    static void killPostgres(long pid, Duration grace) {
        ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> !exited(p, grace))
                .ifPresent(p -> {
                    p.destroy();
                    if (!exited(p, Duration.ofSeconds(10))) {
                        p.destroyForcibly();
                    }
                });
    }

    /** Polls: onExit() of a process that is not our child can take a second to notice. */
    private static boolean exited(ProcessHandle p, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (p.isAlive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** First line of a pid file (postmaster.pid starts with the postmaster's pid). */
    static Optional<Long> readPid(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().map(String::strip).map(Long::parseLong);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
