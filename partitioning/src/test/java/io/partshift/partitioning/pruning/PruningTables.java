package io.partshift.partitioning.pruning;

import io.partshift.config.TableRef;
import io.partshift.localpg.junit.TestDatabase;

import java.sql.SQLException;

/** Partitioned tables of realistic size for the pruning ITs, filled with generate_series and analyzed. */
final class PruningTables {
    static final TableRef EVENTS = new TableRef("public", "events");
    static final TableRef CAMPAIGN_EVENTS = new TableRef("public", "campaign_events");
    static final TableRef ACCOUNTS = new TableRef("public", "accounts");
    static final TableRef CLICKS = new TableRef("public", "clicks");

    private PruningTables() {
    }

    /**
     * events, RANGE on created_at by month: twelve partitions events_p2026_01 .. events_p2026_12 holding 24,000 rows,
     * one every 21 minutes through 2026, plus events_default when asked for (with a few rows from 2027).
     */
    static void monthlyEvents(TestDatabase db, boolean withDefault) throws SQLException {
        db.execute("CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, kind text NOT NULL,"
                        + " payload text) PARTITION BY RANGE (created_at)",
                """
                DO $$
                DECLARE m timestamptz;
                BEGIN
                    FOR i IN 0..11 LOOP
                        m := timestamptz '2026-01-01 00:00+00' + make_interval(months => i);
                        EXECUTE format('CREATE TABLE events_p%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                                       to_char(m AT TIME ZONE 'UTC', 'YYYY_MM'), m, m + interval '1 month');
                    END LOOP;
                END $$""",
                "INSERT INTO events SELECT g, timestamptz '2026-01-01 00:00+00' + g * interval '21 minutes',"
                        + " (ARRAY['view', 'click', 'buy'])[1 + g % 3], repeat('x', 40) FROM generate_series(0, 23999) g");
        if (withDefault) {
            db.execute("CREATE TABLE events_default PARTITION OF events DEFAULT",
                    "INSERT INTO events SELECT 100000 + g, timestamptz '2027-03-01 00:00+00' + g * interval '1 hour',"
                            + " 'view', NULL FROM generate_series(0, 499) g");
        }
        db.execute("CREATE INDEX ON events (created_at)", "ANALYZE events");
    }

    /** campaign_events, LIST on campaign_id: one partition per campaign 1..10, 20,000 rows. */
    static void campaignEvents(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE campaign_events (id bigint NOT NULL, campaign_id int NOT NULL, amount numeric)"
                        + " PARTITION BY LIST (campaign_id)",
                """
                DO $$
                BEGIN
                    FOR c IN 1..10 LOOP
                        EXECUTE format('CREATE TABLE campaign_events_c%s PARTITION OF campaign_events'
                                       ' FOR VALUES IN (%s)', c, c);
                    END LOOP;
                END $$""",
                "INSERT INTO campaign_events SELECT g, 1 + g % 10, g % 97 FROM generate_series(1, 20000) g",
                "ANALYZE campaign_events");
    }

    /** accounts, HASH on id with modulus 8, 16,000 rows. */
    static void hashedAccounts(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE accounts (id bigint NOT NULL, email text NOT NULL) PARTITION BY HASH (id)",
                """
                DO $$
                BEGIN
                    FOR r IN 0..7 LOOP
                        EXECUTE format('CREATE TABLE accounts_h%s PARTITION OF accounts'
                                       ' FOR VALUES WITH (MODULUS 8, REMAINDER %s)', r, r);
                    END LOOP;
                END $$""",
                "INSERT INTO accounts SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 16000) g",
                "ANALYZE accounts");
    }

    /**
     * clicks, two levels: LIST on campaign_id (clicks_c1 .. clicks_c4, each taking campaigns n and n + 10), each
     * HASH on user_id with modulus 4 (clicks_cN_h0 .. clicks_cN_h3): 16 leaves, 32,000 rows, user_id
     * g of row g (so user 42 clicked campaign 3).
     */
    static void twoLevelClicks(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE clicks (campaign_id int NOT NULL, user_id bigint NOT NULL, at timestamptz NOT NULL)"
                        + " PARTITION BY LIST (campaign_id)",
                """
                DO $$
                BEGIN
                    FOR c IN 1..4 LOOP
                        EXECUTE format('CREATE TABLE clicks_c%s PARTITION OF clicks FOR VALUES IN (%s, %s)'
                                       ' PARTITION BY HASH (user_id)', c, c, c + 10);
                        FOR h IN 0..3 LOOP
                            EXECUTE format('CREATE TABLE clicks_c%s_h%s PARTITION OF clicks_c%s'
                                           ' FOR VALUES WITH (MODULUS 4, REMAINDER %s)', c, h, c, h);
                        END LOOP;
                    END LOOP;
                END $$""",
                "INSERT INTO clicks SELECT 1 + g % 4 + 10 * (g / 4 % 2), g, timestamptz '2026-01-01 00:00+00'"
                        + " + g * interval '1 minute' FROM generate_series(1, 32000) g",
                "ANALYZE clicks");
    }
}
