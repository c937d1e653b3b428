package io.partshift.pipeline;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.partshift.config.ConnectionSpec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the source database for one migration. The pool serves the copier's stripes, the lag monitor and
 * state writes; the applier opens its own (it reconnects after a loss). Every connection carries the application
 * name {@code partshift <table>}, so {@code abort} and an operator can tell partshift's sessions apart.
 */
final class SourceDatabase implements AutoCloseable {
    private final ConnectionSpec spec;
    private final String applicationName;
    private final HikariDataSource pool;

    SourceDatabase(ConnectionSpec spec, String table, int poolSize) {
        this.spec = spec;
        this.applicationName = applicationName(table);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(spec.url());
        config.setDataSourceProperties(properties());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("partshift-" + table);
        // A pool that cannot connect at start should fail the command at once with the driver's reason.
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(30_000);
        this.pool = new HikariDataSource(config);
    }

    /** The name partshift's sessions carry in pg_stat_activity for {@code table}. */
    static String applicationName(String table) {
        String name = "partshift " + table;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    javax.sql.DataSource pool() {
        return pool;
    }

    /** A new connection outside the pool (the applier's, which it owns and replaces after a loss). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(spec.url(), properties());
    }

    private Properties properties() {
        Properties p = spec.jdbcProperties();
        p.setProperty("ApplicationName", applicationName);
        // Multi-row statements are what makes the applier's batches fast.
        p.setProperty("reWriteBatchedInserts", "true");
        return p;
    }

    @Override
    public void close() {
        pool.close();
    }
}
