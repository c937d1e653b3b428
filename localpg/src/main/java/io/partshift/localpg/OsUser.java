package io.partshift.localpg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root ("initdb: cannot be run as root"), and CI runs as root: then the system
 * binaries run as a dedicated unprivileged user, created on first use.
 */
final class OsUser {

    static final String NAME = "partshiftpg";

    private OsUser() {
    }

    static boolean jvmIsRoot() {
        // The effective uid is the second number on the "Uid:" line.
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2])
                    .findFirst()
                    .map("0"::equals)
                    .orElseGet(() -> "root".equals(System.getProperty("user.name")));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Creates the user unless it exists; two JVMs may race here, so "already exists" counts as success. */
    static synchronized void ensureExists(Path workDir) throws IOException {
        if (exists(workDir)) {
            return;
        }
        Path out = Files.createTempFile(workDir, "useradd", ".out");
        Command.Result r = Command.run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                NAME), workDir, out, java.time.Duration.ofSeconds(30));
        if (!r.ok() && !exists(workDir)) {
            throw new IOException("cannot create the unprivileged OS user '" + NAME + "' that runs PostgreSQL when the"
                    + " JVM is root: " + r.describe());
        }
    }

    static void chown(Path path) throws IOException {
        UserPrincipal user = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
        Files.setOwner(path, user);
    }

    /** The command prefixed so it runs as the unprivileged user. */
    static List<String> asUser(List<String> command) {
        return Stream.concat(Stream.of("runuser", "-u", NAME, "--"), command.stream()).toList();
    }

    private static boolean exists(Path workDir) {
        return Command.outputOf(List.of("id", "-u", NAME), workDir) != null;
    }
}
