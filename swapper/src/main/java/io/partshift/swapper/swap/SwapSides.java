package io.partshift.swapper.swap;

import io.partshift.config.Names;
import io.partshift.config.TableRef;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The two tables of one swap as the catalog has them before it: the one holding the application's name (leaving)
 * and the one that takes it (arriving). Statements are written for the state after the renames: the leaving table
 * is then called {@link #aside()}, the arriving one {@link #named()}.
 *
 * @param leavingText  the leaving table's name as PostgreSQL prints it with an empty search_path (in definitions)
 * @param arrivingText the same for the arriving table
 * @param owner        the leaving table's owner: the arriving table's owner after the swap
 */
record SwapSides(Direction direction, Names names, long leavingOid, long arrivingOid, String leavingText,
                 String arrivingText, long ownerOid, String owner, long arrivingOwnerOid) {

    private static final String RELATION = """
            SELECT c.oid, c.relkind, c.oid::regclass::text AS text, c.relowner, pg_get_userbyid(c.relowner) AS owner
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?
            """;

    private record Relation(long oid, char kind, String text, long ownerOid, String owner) {
    }

    static SwapSides read(Catalog catalog, Names names, Direction direction) throws SQLException {
        TableRef named = names.source();
        Relation leaving = find(catalog, named).orElseThrow(() -> new SwapRefusedException("there is no table "
                + named.sql() + " to swap: " + expectation(names, direction) + "."));
        Relation arriving = find(catalog, direction.arriving(names)).orElseThrow(() -> new SwapRefusedException(
                "there is no table " + direction.arriving(names).sql() + " to take the name " + named.sql() + ": "
                        + expectation(names, direction) + "."));
        if (leaving.kind() != direction.leavingKind() || arriving.kind() != direction.arrivingKind()) {
            throw new SwapRefusedException(named.sql() + " is " + kind(leaving.kind()) + " and "
                    + direction.arriving(names).sql() + " is " + kind(arriving.kind()) + ", but " + expectation(names,
                    direction) + ": check which way the last swap went (partshift status) before swapping again.");
        }
        Optional<Relation> inTheWay = find(catalog, direction.aside(names));
        if (inTheWay.isPresent()) {
            throw new SwapRefusedException(direction.aside(names).sql() + " already exists, so " + named.sql()
                    + " cannot step aside under that name: rename or drop it once nothing needs it.");
        }
        return new SwapSides(direction, names, leaving.oid(), arriving.oid(), leaving.text(), arriving.text(),
                leaving.ownerOid(), leaving.owner(), arriving.ownerOid());
    }

    private static Optional<Relation> find(Catalog catalog, TableRef ref) throws SQLException {
        List<Relation> found = catalog.list(RELATION, rs -> new Relation(rs.getLong("oid"),
                rs.getString("relkind").charAt(0), rs.getString("text"), rs.getLong("relowner"),
                rs.getString("owner")), ref.schema(), ref.name());
        return found.stream().findFirst();
    }

    private static String expectation(Names names, Direction direction) {
        return direction == Direction.FORWARD
                ? "cutover expects the plain table " + names.source().sql() + " and the partitioned shadow "
                + names.shadow().sql()
                : "rollback expects the partitioned table at " + names.source().sql() + " and the old table "
                + names.old().sql();
    }

    private static String kind(char relkind) {
        return switch (relkind) {
            case 'r' -> "a plain table";
            case 'p' -> "a partitioned table";
            case 'v' -> "a view";
            case 'm' -> "a materialized view";
            default -> "a relation of kind '" + relkind + "'";
        };
    }

    /** The application's name, held by the arriving table after the swap. */
    TableRef named() {
        return names.source();
    }

    /** The leaving table's name after the swap. */
    TableRef aside() {
        return direction.aside(names);
    }

    /** The arriving table's name before the swap. */
    TableRef arriving() {
        return direction.arriving(names);
    }

    String schema() {
        return names.source().schema();
    }

    /** The arriving table is partitioned (cutover): some carry-overs must reach its partitions too. */
    boolean arrivingPartitioned() {
        return direction.arrivingKind() == 'p';
    }

    /** partshift's own publications, which the orchestration handles and the swap leaves alone. */
    List<String> ownPublications() {
        return List.of(names.publication(), names.reversePublication());
    }

    /** A relation in the tables' schema, quoted for SQL. */
    String inSchema(String relation) {
        return names.source().withName(relation).sql();
    }
}
