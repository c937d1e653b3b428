package io.partshift.partitioning.catalog;

/** The catalog queries behind {@link CatalogReader}, kept apart so the reader stays readable. */
final class CatalogQueries {
    private CatalogQueries() {
    }

    static final String RELATION = """
            SELECT c.oid, c.relkind, c.relispartition, c.relpersistence, c.relreplident,
                   pg_get_userbyid(c.relowner) AS owner, c.reltuples::bigint AS reltuples,
                   coalesce(pg_total_relation_size(c.oid), 0) AS total_bytes, c.relrowsecurity,
                   (c.relkind = 'r' AND NOT c.relispartition
                     AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)) AS inheritance,
                   obj_description(c.oid, 'pg_class') AS comment
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?
            """;

    // Domains resolve one level to their base type: the category and name decide which partition methods fit.
    static final String COLUMNS = """
            SELECT a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS type, a.atttypid,
                   bt.typcategory, bt.typname AS base_type, a.attnotnull,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default_expr,
                   a.attidentity,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated_expr,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
                       (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                         WHERE co.oid = a.attcollation) END AS collation,
                   pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) AS sequence
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid
              JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """;

    static final String CONSTRAINTS = """
            SELECT con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition, con.convalidated,
                   ARRAY(SELECT a.attname::text
                           FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS columns
              FROM pg_constraint con
             WHERE con.conrelid = ? AND con.contype IN ('p', 'u', 'c', 'x', 'f')
             ORDER BY con.conname
            """;

    // Key columns only (INCLUDE columns are not part of uniqueness); '' marks an expression.
    static final String INDEXES = """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid) AS definition, i.indisunique, i.indisprimary,
                   (SELECT con.conname FROM pg_constraint con
                     WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                       AND con.contype IN ('p', 'u', 'x')) AS constraint_name,
                   ARRAY(SELECT coalesce(a.attname::text, '')
                           FROM generate_series(0, i.indnkeyatts - 1) AS k(ord)
                           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.ord]
                          ORDER BY k.ord) AS columns,
                   i.indexprs IS NOT NULL AS has_expressions, i.indpred IS NOT NULL AS partial, i.indisvalid
              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = ?
             ORDER BY ic.relname
            """;

    // Self-references count too: they bind to the source's OID like any other inbound key.
    static final String INBOUND_FOREIGN_KEYS = """
            SELECT n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid) AS definition
              FROM pg_constraint con
              JOIN pg_class c ON c.oid = con.conrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE con.contype = 'f' AND con.confrelid = ?
             ORDER BY 1, 2, 3
            """;

    static final String TRIGGERS = """
            SELECT tgname, pg_get_triggerdef(oid) AS definition, tgenabled <> 'D' AS enabled
              FROM pg_trigger WHERE tgrelid = ? AND NOT tgisinternal ORDER BY tgname
            """;

    static final String DEPENDENT_VIEWS = """
            SELECT DISTINCT vn.nspname, v.relname, v.relkind = 'm' AS materialized
              FROM pg_depend d
              JOIN pg_rewrite r ON r.oid = d.objid
              JOIN pg_class v ON v.oid = r.ev_class
              JOIN pg_namespace vn ON vn.oid = v.relnamespace
             WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
               AND d.refobjid = ? AND v.oid <> ?
             ORDER BY 1, 2
            """;

    static final String PUBLICATIONS = """
            SELECT pubname FROM pg_publication_tables WHERE schemaname = ? AND tablename = ? ORDER BY pubname
            """;
}
