package io.partshift.localpg.junit;

import io.partshift.localpg.LocalPostgres;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own fresh database on a real PostgreSQL:
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class FooIT {
 *     @Test void x(TestDatabase db) throws Exception { db.execute("CREATE TABLE t (id int)"); }
 * }
 * }</pre>
 * One server per test JVM, started on first use and stopped when the JUnit run ends (its shutdown hook is the
 * backup). The database lives as long as the context that asked for it: for a test method (or its
 * {@code @BeforeEach}) it is dropped right after that test, with its slots and the roles made by
 * {@link TestDatabase#createRole}.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalPostgres server = server(context);
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(DatabaseResource.class, k -> createDatabase(server, context), DatabaseResource.class)
                .database;
    }

    /** The server shared by every test in this JVM, started if this is the first use. */
    public static LocalPostgres server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(ServerResource.class, k -> new ServerResource(LocalPostgres.start(
                        LocalPostgres.Settings.defaults())), ServerResource.class)
                .server;
    }

    private static DatabaseResource createDatabase(LocalPostgres server, ExtensionContext context) {
        String name = databaseName(context);
        try {
            return new DatabaseResource(TestDatabase.create(server, name));
        } catch (SQLException e) {
            throw new ParameterResolutionException("cannot create test database " + name + " on " + server, e);
        }
    }

    /** Named after the test, so a database left by a crashed run says where it came from. */
    private static String databaseName(ExtensionContext context) {
        String test = context.getTestMethod().map(Method::getName)
                .orElseGet(() -> context.getTestClass().map(Class::getSimpleName).orElse("test"));
        String safe = test.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return "t_" + (safe.length() > 40 ? safe.substring(0, 40) : safe) + "_" + DATABASES.incrementAndGet();
    }

    // JUnit 5.13+ closes AutoCloseable store values and deprecates CloseableResource; earlier versions only
    // know CloseableResource. Implementing both works with either, and close() runs once.

    @SuppressWarnings("deprecation")
    private static final class ServerResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final LocalPostgres server;

        ServerResource(LocalPostgres server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close(); // idempotent
        }
    }

    @SuppressWarnings("deprecation")
    private static final class DatabaseResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final TestDatabase database;
        private boolean dropped;

        DatabaseResource(TestDatabase database) {
            this.database = database;
        }

        @Override
        public synchronized void close() throws SQLException {
            if (!dropped) {
                dropped = true;
                database.drop();
            }
        }
    }
}
