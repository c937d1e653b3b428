package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Publications list their tables by OID, so each publication that names the leaving table is changed to name the
 * arriving one instead, with the same column list and row filter; publications FOR ALL TABLES or FOR TABLES IN SCHEMA
 * take the arriving table by themselves (same schema). partshift's own publications are the orchestration's.
 *
 * <p>A publication without {@code publish_via_partition_root} publishes a partitioned table's changes under each
 * leaf partition's name, which no subscriber of the source has, so its subscribers would stop at the first change;
 * the swap refuses such a publication rather than flipping the setting, which would also change how the
 * publication publishes every other partitioned table in it (preflight already refuses it).
 */
final class Publications {
    private static final String PUBLICATIONS = """
            SELECT p.pubname::text, p.pubviaroot, pg_has_role(p.pubowner, 'USAGE') AS may_alter,
                   pr.prrelid IS NOT NULL AS named, pg_get_expr(pr.prqual, pr.prrelid) AS row_filter,
                   (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                     WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs::int2[])) AS columns,
                   EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = p.oid AND r.prrelid = ?) AS has_arriving
              FROM pg_publication p
              LEFT JOIN pg_publication_rel pr ON pr.prpubid = p.oid AND pr.prrelid = ?
             WHERE pr.prrelid IS NOT NULL OR p.puballtables
                OR EXISTS (SELECT 1 FROM pg_publication_namespace pn JOIN pg_class c ON c.relnamespace = pn.pnnspid
                            WHERE pn.pnpubid = p.oid AND c.oid = ?)
             ORDER BY 1
            """;

    private record Publication(String name, boolean viaRoot, boolean mayAlter, boolean named, String rowFilter,
                               String columns, boolean hasArriving) {
    }

    private Publications() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        List<Publication> publications = catalog.list(PUBLICATIONS, rs -> new Publication(rs.getString("pubname"),
                rs.getBoolean("pubviaroot"), rs.getBoolean("may_alter"), rs.getBoolean("named"),
                rs.getString("row_filter"), rs.getString("columns"), rs.getBoolean("has_arriving")),
                sides.arrivingOid(), sides.leavingOid(), sides.leavingOid())
                .stream().filter(p -> !sides.ownPublications().contains(p.name())).toList();
        List<String> notViaRoot = new ArrayList<>();
        List<String> notOwned = new ArrayList<>();
        for (Publication p : publications) {
            if (sides.arrivingPartitioned() && !p.viaRoot()) {
                notViaRoot.add(p.name());
            }
            if (p.named() && !p.mayAlter()) {
                notOwned.add(p.name());
            }
        }
        if (!notViaRoot.isEmpty()) {
            String first = Identifiers.quote(notViaRoot.get(0));
            throw new SwapRefusedException("publication" + (notViaRoot.size() == 1 ? " " : "s ")
                    + String.join(", ", notViaRoot) + " would publish the partitioned " + sides.named().sql()
                    + " under its partitions' names, which its subscribers do not have: run ALTER PUBLICATION " + first
                    + " SET (publish_via_partition_root = true) (this also changes how it publishes any other"
                    + " partitioned table) and cut over again.");
        }
        if (!notOwned.isEmpty()) {
            throw new SwapRefusedException("publication" + (notOwned.size() == 1 ? " " : "s ")
                    + String.join(", ", notOwned) + " must be changed to name " + sides.named().sql() + " but "
                    + (notOwned.size() == 1 ? "is" : "are") + " owned by a role this one cannot act as: have the owner"
                    + " grant it (GRANT <owner> TO current role) or run the cutover as the owner.");
        }
        for (Publication p : publications) {
            if (!p.named()) {
                continue; // FOR ALL TABLES or FOR TABLES IN SCHEMA: the arriving table is in it already
            }
            String publication = Identifiers.quote(p.name());
            script.add("ALTER PUBLICATION " + publication + " DROP TABLE " + sides.aside().sql(),
                    "publication: " + p.name() + " no longer publishes " + sides.aside());
            if (!p.hasArriving()) {
                script.add("ALTER PUBLICATION " + publication + " ADD TABLE " + sides.named().sql()
                        + (p.columns() == null ? "" : " (" + p.columns() + ")")
                        + (p.rowFilter() == null ? "" : " WHERE (" + p.rowFilter() + ")"),
                        "publication: " + p.name() + " publishes " + sides.named());
            }
        }
    }
}
