package io.partshift.localpg.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's sample table: an {@code events} table of ad campaigns over the last two years, shaped like the
 * tables partshift is for (a bigserial key, a timestamp that grows with time, a campaign id, a JSON payload, and a
 * note column large enough to be TOASTed). The demo, the tests and the benchmark share it.
 */
public final class EventsTable {
    private EventsTable() {
    }

    /** Creates {@code public.campaigns} and {@code public.events} with {@code rows} events, and analyzes them. */
    public static void create(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE public.campaigns (
                        id int PRIMARY KEY,
                        name text NOT NULL
                    )""");
            s.execute("INSERT INTO public.campaigns SELECT g, 'campaign ' || g FROM generate_series(1, 40) g");
            s.execute("""
                    CREATE TABLE public.events (
                        id bigserial PRIMARY KEY,
                        campaign_id int NOT NULL REFERENCES public.campaigns (id),
                        created_at timestamptz NOT NULL DEFAULT now(),
                        event_type text NOT NULL CHECK (event_type IN ('impression', 'click', 'conversion')),
                        user_id bigint,
                        amount numeric(12, 2),
                        payload jsonb,
                        note text
                    )""");
            s.execute("CREATE INDEX events_created_at_idx ON public.events (created_at)");
            s.execute("CREATE INDEX events_campaign_idx ON public.events (campaign_id, created_at)");
            // Two years of history, denser towards now, as a growing product's events are.
            s.execute("""
                    INSERT INTO public.events (campaign_id, created_at, event_type, user_id, amount, payload, note)
                    SELECT 1 + (g % 40),
                           now() - (interval '730 days') * power(random(), 1.5),
                           (ARRAY['impression', 'impression', 'impression', 'click', 'conversion'])[1 + (g % 5)],
                           (random() * 1000000)::bigint,
                           CASE WHEN g % 5 = 4 THEN round((random() * 200)::numeric, 2) END,
                           jsonb_build_object('ua', 'demo/' || (g % 7), 'seq', g),
                           CASE WHEN g % 50 = 0 THEN %LARGE% END
                      FROM generate_series(1, ROWS) g""".replace("ROWS", Integer.toString(rows))
                    .replace("%LARGE%", largeText("g")));
            s.execute("ANALYZE public.events");
        }
    }

    /**
     * SQL for a text of about 6 kB that compresses poorly, so PostgreSQL stores it out of line (TOAST); updates that
     * leave it unchanged then stream without it. {@code seed} makes each row's text different.
     */
    static String largeText(String seed) {
        return "(SELECT string_agg(md5(random()::text || " + seed + "::text || i), '') FROM generate_series(1, 200) i)";
    }
}
