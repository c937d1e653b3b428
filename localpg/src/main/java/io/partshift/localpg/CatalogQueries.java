package io.partshift.localpg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog queries behind {@link CatalogSnapshot}, one per kind of object partshift could create, change
 * or drop. Each returns one line per object, naming it first so a diff says what changed. Run with an empty
 * search_path, so every name the pg_get_* functions print is schema-qualified the same way every time.
 */
final class CatalogQueries {

    private CatalogQueries() {
    }

    /** Schemas partshift could touch: not the system ones, and not other sessions' temporary ones. */
    private static String userSchema(String alias) {
        return alias + ".nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
                + " AND " + alias + ".nspname NOT LIKE 'pg\\_temp\\_%' AND " + alias + ".nspname NOT LIKE 'pg\\_toast\\_temp\\_%'";
    }

    private static String qualified(String nsAlias, String relAlias) {
        return "quote_ident(" + nsAlias + ".nspname) || '.' || quote_ident(" + relAlias + ".relname)";
    }

    private static final String REL = qualified("n", "c");
    private static final String FROM_REL = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace";

    private static final String SCHEMAS = "SELECT concat_ws(' ', 'schema', quote_ident(n.nspname),"
            + " 'owner=' || pg_get_userbyid(n.nspowner), 'acl=' || n.nspacl::text)"
            + " FROM pg_namespace n WHERE " + userSchema("n");

    private static final String RELATIONS = "SELECT concat_ws(' ', 'relation', " + REL + ", 'kind=' || c.relkind::text,"
            + " 'persistence=' || c.relpersistence::text, 'replica_identity=' || c.relreplident::text,"
            + " 'owner=' || pg_get_userbyid(c.relowner), 'acl=' || c.relacl::text, 'options=' || c.reloptions::text,"
            + " CASE WHEN c.relrowsecurity THEN 'row_security' END,"
            + " 'partition_key=' || pg_get_partkeydef(c.oid),"
            + " 'inherits=' || (SELECT string_agg(" + qualified("pn", "p") + ", ',' ORDER BY i.inhseqno)"
            + "   FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
            + "   WHERE i.inhrelid = c.oid),"
            + " 'bound=' || pg_get_expr(c.relpartbound, c.oid),"
            // A dropped column stays in the table; a rebuilt table would lose it.
            + " 'dropped_columns=' || nullif((SELECT count(*) FROM pg_attribute a"
            + "   WHERE a.attrelid = c.oid AND a.attisdropped), 0))"
            + FROM_REL + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " + userSchema("n");

    private static final String VIEWS = "SELECT concat_ws(' ', 'view', " + REL + ","
            + " 'definition=' || regexp_replace(pg_get_viewdef(c.oid), '\\s+', ' ', 'g'))"
            + FROM_REL + " WHERE c.relkind IN ('v', 'm') AND " + userSchema("n");

    // After a rename swap a view keeps pointing at the table it was created on: show which one that is.
    private static final String VIEW_DEPENDENCIES = "SELECT DISTINCT concat_ws(' ', 'view_dependency', "
            + qualified("vn", "v") + ", 'on', " + qualified("tn", "t") + ")"
            + " FROM pg_rewrite r"
            + " JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
            + "   AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class"
            + " JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace"
            + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
            + " WHERE " + userSchema("vn");

    private static final String COLUMNS = "SELECT concat_ws(' ', 'column', " + REL + ", '#' || lpad(a.attnum::text, 4, '0'),"
            + " quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),"
            + " CASE WHEN a.attnotnull THEN 'not_null' END,"
            + " 'default=' || CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,"
            + " 'generated=' || CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,"
            + " 'identity=' || nullif(a.attidentity::text, ''),"
            + " 'collation=' || CASE WHEN a.attcollation <> ty.typcollation THEN quote_ident(co.collname) END)"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_type ty ON ty.oid = a.atttypid"
            + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
            + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
            + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND " + userSchema("n");

    private static final String CONSTRAINTS = "SELECT concat_ws(' ', 'constraint', " + REL + ", quote_ident(co.conname),"
            + " pg_get_constraintdef(co.oid), CASE WHEN NOT co.conislocal THEN 'inherited' END)"
            + " FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE " + userSchema("n");

    // An index a failed CREATE INDEX CONCURRENTLY left behind is invalid: that is a difference too.
    private static final String INDEXES = "SELECT concat_ws(' ', 'index', " + qualified("n", "ic") + ","
            + " pg_get_indexdef(i.indexrelid), CASE WHEN i.indisprimary THEN 'primary' END,"
            + " CASE WHEN i.indisreplident THEN 'replica_identity' END, CASE WHEN NOT i.indisvalid THEN 'invalid' END,"
            + " CASE WHEN i.indisclustered THEN 'clustered' END,"
            + " 'attached_to=' || (SELECT " + qualified("pn", "p") + " FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent"
            + "   JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE h.inhrelid = i.indexrelid))"
            + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace"
            + " WHERE " + userSchema("n");

    private static final String TRIGGERS = "SELECT concat_ws(' ', 'trigger', " + REL + ", quote_ident(tg.tgname),"
            + " pg_get_triggerdef(tg.oid), 'enabled=' || tg.tgenabled::text)"
            + " FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE NOT tg.tgisinternal AND " + userSchema("n");

    private static final String SEQUENCES = "SELECT concat_ws(' ', 'sequence', " + REL + ","
            + " 'type=' || format_type(sq.seqtypid, NULL), 'start=' || sq.seqstart, 'increment=' || sq.seqincrement,"
            + " 'min=' || sq.seqmin, 'max=' || sq.seqmax, 'cache=' || sq.seqcache, CASE WHEN sq.seqcycle THEN 'cycle' END,"
            + " 'last_value=' || coalesce(pg_sequence_last_value(c.oid)::text, 'unused'),"
            + " 'owned_by=' || (SELECT " + qualified("tn", "t") + " || '.' || quote_ident(a.attname)"
            + "   FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
            + "   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
            + "   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass"
            + "   AND d.deptype IN ('a', 'i') LIMIT 1))"
            + FROM_REL + " JOIN pg_sequence sq ON sq.seqrelid = c.oid WHERE " + userSchema("n");

    private static final String TABLES_TO_COUNT = "SELECT " + REL + ", c.relkind = 'p'" + FROM_REL
            + " WHERE c.relkind IN ('r', 'p') AND " + userSchema("n");

    private static final String PUBLICATIONS = "SELECT concat_ws(' ', 'publication', quote_ident(p.pubname),"
            + " 'owner=' || pg_get_userbyid(p.pubowner), CASE WHEN p.puballtables THEN 'all_tables' END,"
            + " 'insert=' || p.pubinsert, 'update=' || p.pubupdate, 'delete=' || p.pubdelete,"
            + " 'truncate=' || p.pubtruncate, 'via_root=' || p.pubviaroot) FROM pg_publication p";

    private static final String PUBLICATION_TABLES_PG15 = "SELECT concat_ws(' ', 'publication_table', quote_ident(p.pubname), "
            + REL + ", 'where=' || pg_get_expr(pr.prqual, pr.prrelid),"
            + " 'columns=' || (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY a.attnum) FROM pg_attribute a"
            + "   WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs::int2[])))"
            + " FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
            + " JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace";

    private static final String PUBLICATION_TABLES_OLD = "SELECT concat_ws(' ', 'publication_table', quote_ident(p.pubname), "
            + REL + ") FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
            + " JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace";

    private static final String PUBLICATION_SCHEMAS_PG15 = "SELECT concat_ws(' ', 'publication_schema',"
            + " quote_ident(p.pubname), quote_ident(n.nspname)) FROM pg_publication_namespace pn"
            + " JOIN pg_publication p ON p.oid = pn.pnpubid JOIN pg_namespace n ON n.oid = pn.pnnspid";

    private static final String SLOTS = "SELECT concat_ws(' ', 'replication_slot', quote_ident(slot_name),"
            + " 'type=' || slot_type, 'plugin=' || plugin, CASE WHEN temporary THEN 'temporary' END)"
            + " FROM pg_replication_slots WHERE database = current_database()";

    // Trigger functions and the like; the definition is hashed to keep the line short.
    private static final String FUNCTIONS = "SELECT concat_ws(' ', 'function', quote_ident(n.nspname) || '.'"
            + " || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
            + " 'kind=' || p.prokind::text, 'owner=' || pg_get_userbyid(p.proowner),"
            + " 'definition_md5=' || CASE WHEN p.prokind IN ('f', 'p') THEN md5(pg_get_functiondef(p.oid)) END)"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + userSchema("n");

    private static final String EXTENSIONS = "SELECT concat_ws(' ', 'extension', quote_ident(e.extname),"
            + " 'version=' || e.extversion, 'schema=' || quote_ident(n.nspname))"
            + " FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace";

    /** Every line, section by section in a fixed order, sorted within each section. */
    static List<String> collect(Connection c) throws SQLException {
        boolean pg15 = c.getMetaData().getDatabaseMajorVersion() >= 15;
        List<String> lines = new ArrayList<>();
        section(c, "schemas", SCHEMAS, lines);
        section(c, "relations", RELATIONS, lines);
        section(c, "columns", COLUMNS, lines);
        section(c, "constraints", CONSTRAINTS, lines);
        section(c, "indexes", INDEXES, lines);
        section(c, "triggers", TRIGGERS, lines);
        section(c, "sequences", SEQUENCES, lines);
        rowCounts(c, lines);
        section(c, "publications", PUBLICATIONS, lines);
        section(c, "publication tables", pg15 ? PUBLICATION_TABLES_PG15 : PUBLICATION_TABLES_OLD, lines);
        if (pg15) {
            section(c, "publication schemas", PUBLICATION_SCHEMAS_PG15, lines);
        }
        section(c, "replication slots", SLOTS, lines);
        section(c, "views", VIEWS, lines);
        section(c, "view dependencies", VIEW_DEPENDENCIES, lines);
        section(c, "functions", FUNCTIONS, lines);
        section(c, "extensions", EXTENSIONS, lines);
        return lines;
    }

    private static void section(Connection c, String name, String sql, List<String> into) throws SQLException {
        List<String> section = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                section.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new SQLException("catalog snapshot: reading " + name + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
        section.sort(null);
        into.addAll(section);
    }

    /** Row counts; ONLY for plain tables so an inheritance parent does not count its children's rows. */
    private static void rowCounts(Connection c, List<String> into) throws SQLException {
        List<String> tables = new ArrayList<>();
        List<Boolean> partitioned = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(TABLES_TO_COUNT)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
                partitioned.add(rs.getBoolean(2));
            }
        }
        List<String> section = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            String sql = "SELECT count(*) FROM " + (partitioned.get(i) ? "" : "ONLY ") + tables.get(i);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                section.add("rows " + tables.get(i) + " " + rs.getLong(1));
            } catch (SQLException e) {
                throw new SQLException("catalog snapshot: counting rows of " + tables.get(i) + " failed: " + e.getMessage(),
                        e.getSQLState(), e);
            }
        }
        section.sort(null);
        into.addAll(section);
    }
}
