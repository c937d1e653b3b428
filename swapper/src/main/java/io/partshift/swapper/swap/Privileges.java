package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The arriving table ends with exactly the leaving table's privileges: table grants (relacl), column grants (attacl)
 * and, for identity columns, the grants on the sequence that now carries the application's sequence name. Computed
 * as a difference, so grants that default privileges put on the shadow when it was created are revoked and nothing
 * is granted twice. Runs after the owner change, which PostgreSQL applies to the owner's own entries; the grantor of
 * every new grant is the owner (PostgreSQL 15 records no other grantor for a grant made by the owner or a superuser).
 */
final class Privileges {
    private static final String DEFAULT_ACL = "acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\","
            + " c.relowner)";

    /** (leaving object, new owner, arriving object): what to grant and revoke, one row per grantee and privilege. */
    private static final String RELATION_DIFF = """
            WITH want AS (
              SELECT e.grantee, e.privilege_type, bool_or(e.is_grantable) AS grantable
                FROM pg_class c, aclexplode(coalesce(c.relacl, %1$s)) e WHERE c.oid = ? GROUP BY 1, 2),
            have AS (
              SELECT CASE WHEN e.grantee = c.relowner THEN ?::oid ELSE e.grantee END AS grantee, e.privilege_type,
                     bool_or(e.is_grantable) AS grantable
                FROM pg_class c, aclexplode(coalesce(c.relacl, %1$s)) e WHERE c.oid = ? GROUP BY 1, 2)
            SELECT NULL::text AS attname, %2$s
              FROM want w FULL JOIN have h ON h.grantee = w.grantee AND h.privilege_type = w.privilege_type
             WHERE w.grantable IS DISTINCT FROM h.grantable ORDER BY 2, 3
            """;
    private static final String COLUMNS_DIFF = """
            WITH want AS (
              SELECT a.attname, e.grantee, e.privilege_type, bool_or(e.is_grantable) AS grantable
                FROM pg_attribute a, aclexplode(a.attacl) e
               WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped GROUP BY 1, 2, 3),
            have AS (
              SELECT a.attname, CASE WHEN e.grantee = c.relowner THEN ?::oid ELSE e.grantee END AS grantee,
                     e.privilege_type, bool_or(e.is_grantable) AS grantable
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid, aclexplode(a.attacl) e
               WHERE c.oid = ? AND a.attnum > 0 AND NOT a.attisdropped GROUP BY 1, 2, 3)
            SELECT coalesce(w.attname, h.attname)::text AS attname, %s
              FROM want w FULL JOIN have h
                ON h.attname = w.attname AND h.grantee = w.grantee AND h.privilege_type = w.privilege_type
             WHERE w.grantable IS DISTINCT FROM h.grantable ORDER BY 1, 2, 3
            """;
    private static final String CHANGE = """
            CASE WHEN coalesce(w.grantee, h.grantee) = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(coalesce(w.grantee, h.grantee))) END AS grantee,
            coalesce(w.privilege_type, h.privilege_type) AS privilege, w.grantable AS want, h.grantable AS have
            """;

    private record Change(String column, String grantee, String privilege, Boolean want, Boolean have) {
    }

    private Privileges() {
    }

    static void add(Catalog catalog, SwapSides sides, List<Sequences.IdentityPair> identities, ScriptBuilder script)
            throws SQLException {
        String table = "TABLE " + sides.named().sql();
        for (Change change : catalog.list(RELATION_DIFF.formatted(DEFAULT_ACL, CHANGE), Privileges::change,
                sides.leavingOid(), sides.ownerOid(), sides.arrivingOid())) {
            script.add(statement(change, table), "grant: " + describe(change));
        }
        for (Change change : catalog.list(COLUMNS_DIFF.formatted(CHANGE), Privileges::change, sides.leavingOid(),
                sides.ownerOid(), sides.arrivingOid())) {
            script.add(statement(change, table), "grant: " + describe(change));
        }
        for (Sequences.IdentityPair pair : identities) {
            String sequence = "SEQUENCE " + sides.inSchema(pair.name());
            for (Change change : catalog.list(RELATION_DIFF.formatted(DEFAULT_ACL, CHANGE).replace("WHERE c.oid = ?",
                    "WHERE c.oid = ?::regclass"), Privileges::change, sides.inSchema(pair.name()), sides.ownerOid(),
                    sides.inSchema(pair.arrivingBefore()))) {
                script.add(statement(change, sequence), "grant: on sequence " + pair.name() + ", " + describe(change));
            }
        }
    }

    private static Change change(ResultSet rs) throws SQLException {
        return new Change(rs.getString("attname"), rs.getString("grantee"), rs.getString("privilege"),
                (Boolean) rs.getObject("want"), (Boolean) rs.getObject("have"));
    }

    private static String statement(Change c, String object) {
        String privilege = c.privilege() + (c.column() == null ? "" : " (" + Identifiers.quote(c.column()) + ")");
        if (c.want() == null) {
            return "REVOKE " + privilege + " ON " + object + " FROM " + c.grantee() + " CASCADE";
        }
        if (c.have() == null || c.want()) {
            return "GRANT " + privilege + " ON " + object + " TO " + c.grantee() + (c.want() ? " WITH GRANT OPTION" : "");
        }
        return "REVOKE GRANT OPTION FOR " + privilege + " ON " + object + " FROM " + c.grantee() + " CASCADE";
    }

    private static String describe(Change c) {
        String what = c.privilege() + (c.column() == null ? "" : " on column " + c.column());
        if (c.want() == null) {
            return "revoke " + what + " from " + c.grantee();
        }
        return (c.have() == null ? what : "grant option for " + what) + (c.want() || c.have() == null ? " to " : " from ")
                + c.grantee();
    }
}
