package io.partshift.localpg;

import java.nio.file.Path;
import java.util.Map;

/** One way of getting PostgreSQL binaries to run a server in a {@link ServerDirectory}. */
interface Launcher {

    /** Runs initdb and starts the server with exactly these settings; on failure leaves no server running. */
    RunningServer launch(ServerDirectory dir, Map<String, String> settings) throws Exception;

    /** A server a {@link Launcher} started. */
    interface RunningServer {

        Path binDir();

        /** Where the binaries came from and who runs them, for the log and error messages. */
        String description();

        /** Fast shutdown (open sessions are disconnected); kills the postmaster if pg_ctl cannot stop it. */
        void stop() throws Exception;
    }
}
