package io.partshift.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Works out where to connect and as whom, the way libpq users expect: explicit options first, then PGHOST, PGPORT,
 * PGDATABASE, PGUSER and PGPASSWORD. The password is read into a {@link Secret} and never put in a message.
 */
final class ConnectionResolver {
    private final SpecReader reader;
    private final Map<String, String> env;

    ConnectionResolver(SpecReader reader, Map<String, String> env) {
        this.reader = reader;
        this.env = env;
    }

    ConnectionSpec connection() {
        return new ConnectionSpec(url(), userSetting().value(), password());
    }

    String url() {
        return reader.get(Options.URL).orElseGet(() -> JdbcUrl.fromLibpqEnvironment(env, userSetting().value()));
    }

    /** The user: --user, else PGUSER, else the operating-system user (as libpq does). */
    SpecReader.Setting userSetting() {
        Optional<String> option = reader.get(Options.USER);
        if (option.isPresent()) {
            return new SpecReader.Setting(option.get(), reader.sourceOf(Options.USER).orElseThrow());
        }
        String pgUser = env.get("PGUSER");
        if (pgUser != null && !pgUser.isBlank()) {
            return new SpecReader.Setting(pgUser.trim(), SpecReader.Source.ENVIRONMENT);
        }
        String osUser = System.getProperty("user.name");
        if (osUser == null || osUser.isBlank()) {
            throw new BadInputException("no database user given: pass --user or set PGUSER.");
        }
        return new SpecReader.Setting(osUser, SpecReader.Source.DEFAULT);
    }

    private Secret password() {
        Optional<Path> file = reader.get(Options.PASSWORD_FILE);
        if (file.isPresent()) {
            return Secret.of(readFirstLine(file.get()));
        }
        String pgPassword = env.get("PGPASSWORD");
        // libpq treats an empty PGPASSWORD as unset.
        return pgPassword == null || pgPassword.isEmpty() ? Secret.none() : Secret.of(pgPassword);
    }

    /** The first line without its line break; spaces are kept because they may be part of the password. */
    private static String readFirstLine(Path file) {
        String line;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = in.readLine();
        } catch (IOException e) {
            // The exception's message is left out on purpose: decoders may quote the bytes they choked on.
            throw new BadInputException("--password-file '" + file + "' could not be read as UTF-8 text: check the"
                    + " file and its permissions.");
        }
        if (line == null || line.isEmpty()) {
            throw new BadInputException("--password-file '" + file + "' has an empty first line: put the password on"
                    + " the first line.");
        }
        return line;
    }
}
