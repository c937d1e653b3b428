package io.partshift.partitioning.preflight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether PostgreSQL would find a default operator class of an access method for a type, as LIST (btree) and HASH
 * (hash) partitioning need. It follows PostgreSQL's own lookup: an opclass for the type itself or a type it is
 * binary-coercible to (varchar uses text's), after resolving domains; arrays, enums, ranges and composites use
 * polymorphic opclasses that work only when their elements are comparable too, so json[] fails like json.
 */
final class OperatorClasses {
    private static final int MAX_DEPTH = 8;

    // typlen -1 with an element type is how PostgreSQL itself tells a true array from types like point or name.
    private static final String TYPE = """
            SELECT t.typtype, t.typbasetype, t.typelem, t.typlen = -1 AND t.typelem <> 0 AS is_array, t.typrelid,
                   (SELECT r.rngsubtype FROM pg_range r WHERE r.rngtypid = t.oid) AS range_subtype
              FROM pg_type t WHERE t.oid = ?
            """;

    // An opclass lookup follows only implicit binary-coercible casts (varchar to text), not xml's explicit one.
    private static final String DIRECT = """
            SELECT 1 FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
             WHERE am.amname = ? AND oc.opcdefault
               AND (oc.opcintype = ? OR EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = ?
                                                  AND c.casttarget = oc.opcintype AND c.castmethod = 'b'
                                                  AND c.castcontext = 'i'))
            """;

    private static final String POLYMORPHIC = """
            SELECT 1 FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
             WHERE am.amname = ? AND oc.opcdefault AND oc.opcintype = ?::regtype
            """;

    private static final String ATTRIBUTES = """
            SELECT atttypid FROM pg_attribute WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped
            """;

    private OperatorClasses() {
    }

    /** @param accessMethod {@code btree} or {@code hash} */
    static boolean hasDefault(Connection connection, String accessMethod, long typeOid) throws SQLException {
        return hasDefault(connection, accessMethod, typeOid, 0);
    }

    private static boolean hasDefault(Connection c, String am, long typeOid, int depth) throws SQLException {
        if (depth > MAX_DEPTH) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(TYPE)) {
            ps.setLong(1, typeOid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                char typtype = rs.getString("typtype").charAt(0);
                if (typtype == 'd') {
                    return hasDefault(c, am, rs.getLong("typbasetype"), depth + 1);
                }
                if (exists(c, DIRECT, am, typeOid)) {
                    return true;
                }
                if (rs.getBoolean("is_array")) {
                    return exists(c, POLYMORPHIC, am, "anyarray") && hasDefault(c, am, rs.getLong("typelem"), depth + 1);
                }
                return switch (typtype) {
                    case 'e' -> exists(c, POLYMORPHIC, am, "anyenum");
                    case 'r' -> exists(c, POLYMORPHIC, am, "anyrange")
                            && hasDefault(c, am, rs.getLong("range_subtype"), depth + 1);
                    case 'm' -> exists(c, POLYMORPHIC, am, "anymultirange");
                    case 'c' -> exists(c, POLYMORPHIC, am, "record") && allAttributes(c, am, rs.getLong("typrelid"), depth);
                    default -> false;
                };
            }
        }
    }

    private static boolean allAttributes(Connection c, String am, long relid, int depth) throws SQLException {
        List<Long> types = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ATTRIBUTES)) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getLong(1));
                }
            }
        }
        for (long type : types) {
            if (!hasDefault(c, am, type, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exists(Connection c, String sql, String am, Object type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, am);
            if (type instanceof Long oid) {
                ps.setLong(2, oid);
                ps.setLong(3, oid);
            } else {
                ps.setString(2, (String) type);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
