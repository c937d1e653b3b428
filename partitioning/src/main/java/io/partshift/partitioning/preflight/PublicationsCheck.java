package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.config.Names;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Other publications of the source can follow it to the partitioned table. The cutover swap moves a publication's
 * membership to the partitioned table, which needs ALTER PUBLICATION (ownership of the publication); and a
 * publication without {@code publish_via_partition_root} publishes a partitioned table's changes under each
 * partition's name, which its subscribers do not have, so they would stop at the first change after cutover. partshift
 * does not flip that setting itself, since it also changes how the publication publishes every other partitioned
 * table in it. A publication FOR ALL TABLES or FOR TABLES IN SCHEMA also publishes what partshift creates next to
 * the source (the shadow during the migration, the old table until finalize): a warning.
 */
final class PublicationsCheck extends NamedCheck {
    static final String NAME = "publications";

    private static final String QUERY = """
            SELECT p.pubname::text, p.pubviaroot, pr.prrelid IS NOT NULL AS named,
                   pg_has_role(p.pubowner, 'USAGE') AS may_alter, pg_get_userbyid(p.pubowner) AS owner
              FROM pg_publication p
              CROSS JOIN pg_class c
              LEFT JOIN pg_publication_rel pr ON pr.prpubid = p.oid AND pr.prrelid = c.oid
             WHERE c.oid = ? AND (pr.prrelid IS NOT NULL OR p.puballtables%s)
             ORDER BY 1
            """;
    /** FOR TABLES IN SCHEMA is new in PostgreSQL 15. */
    private static final String IN_SCHEMA = " OR EXISTS (SELECT 1 FROM pg_publication_namespace pn"
            + " WHERE pn.pnpubid = p.oid AND pn.pnnspid = c.relnamespace)";

    PublicationsCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        String t = table.ref().sql();
        Names names = context.spec().names();
        List<String> own = List.of(names.publication(), names.reversePublication());
        List<String> notViaRoot = new ArrayList<>();
        List<String> notOwned = new ArrayList<>();
        List<String> wholesale = new ArrayList<>();
        List<String> all = new ArrayList<>();
        String sql = QUERY.formatted(context.server().versionNum() >= 150000 ? IN_SCHEMA : "");
        try (PreparedStatement ps = context.connection().prepareStatement(sql)) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("pubname");
                    if (own.contains(name)) {
                        continue; // leftovers, reported by their own check
                    }
                    all.add(name);
                    if (!rs.getBoolean("pubviaroot")) {
                        notViaRoot.add(name);
                    }
                    if (!rs.getBoolean("named")) {
                        wholesale.add(name);
                    } else if (!rs.getBoolean("may_alter")) {
                        notOwned.add(name + " (owned by " + Identifiers.quote(rs.getString("owner")) + ")");
                    }
                }
            }
        }
        if (!notViaRoot.isEmpty()) {
            String first = Identifiers.quote(notViaRoot.get(0));
            return CheckResult.fail(NAME, "publication" + plural(notViaRoot) + " " + String.join(", ", notViaRoot)
                    + (notViaRoot.size() == 1 ? " publishes " : " publish ") + t + " without publish_via_partition_root,"
                    + " so after cutover " + (notViaRoot.size() == 1 ? "its" : "their") + " subscribers would receive"
                    + " its changes under each partition's name and stop: run ALTER PUBLICATION " + first
                    + " SET (publish_via_partition_root = true) before migrating (it changes nothing for a plain"
                    + " table, but also applies to any partitioned table already in the publication).");
        }
        if (!notOwned.isEmpty()) {
            return CheckResult.fail(NAME, "publication" + plural(notOwned) + " " + String.join(", ", notOwned)
                    + " must be changed at cutover to publish the partitioned table, which only " + (notOwned.size() == 1
                    ? "its owner" : "their owners") + " may do: run the migration as the owner or grant the owner's"
                    + " role to " + Identifiers.quote(context.server().currentUser()) + ".");
        }
        if (!wholesale.isEmpty()) {
            return CheckResult.warn(NAME, "publication" + plural(wholesale) + " " + String.join(", ", wholesale)
                    + " publish" + (wholesale.size() == 1 ? "es" : "") + " every table of " + Identifiers.quote(
                    table.ref().schema()) + ", so " + (wholesale.size() == 1 ? "it also publishes" : "they also"
                    + " publish") + " partshift's shadow during the migration and the old table until finalize: a"
                    + " subscriber without those tables stops at their first change");
        }
        if (!all.isEmpty()) {
            return CheckResult.ok(NAME, "publication" + plural(all) + " " + String.join(", ", all) + " will publish"
                    + " the partitioned table under " + t + " after cutover");
        }
        return CheckResult.ok(NAME, "no other publication publishes " + t);
    }

    private static String plural(List<String> items) {
        return items.size() == 1 ? "" : "s";
    }
}
