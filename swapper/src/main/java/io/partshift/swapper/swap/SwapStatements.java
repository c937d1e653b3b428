package io.partshift.swapper.swap;

import io.partshift.config.Names;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * What runs inside the cutover swap, inside the rollback swap, and right after either. Each reads the catalog on the
 * given connection (which may be the swap's own transaction: it only reads, and leaves the search_path as it found
 * it) and returns statements; running them is the caller's job, in one transaction that already holds ACCESS
 * EXCLUSIVE on both tables and in which every change has been applied.
 *
 * <p>The swap, in order: the tables and indexes change names; the arriving table gets the leaving table's owner
 * (and so do its partitions), sequence ownership and numbering, table, column and sequence grants, comments, user
 * triggers (disabled on the leaving table), policies and row-level security switches, replica identity, outbound
 * foreign keys (NOT VALID until {@link #afterSwap}), publication memberships; finally the views reading the table
 * are replaced so they read the arriving one. Forward then backward leaves the application's view of the table as
 * it was.
 *
 * @see ForeignKeys why the foreign keys take two phases
 */
public final class SwapStatements {
    private SwapStatements() {
    }

    /**
     * Cutover: the partitioned shadow takes the source's name, the source becomes the old table.
     *
     * @throws SwapRefusedException when the catalog cannot be carried over (the message says how to fix it); nothing
     *                              was changed
     */
    public static SwapScript forward(Connection connection, Names names) throws SQLException {
        return script(connection, names, Direction.FORWARD);
    }

    /**
     * Rollback: the old table takes the name again and everything the application relies on goes back to it, as it
     * is on the partitioned table now (a grant made after cutover is kept); the partitioned table returns to the
     * shadow's name with its triggers disabled and its foreign keys dropped, ready for another cutover.
     *
     * @throws SwapRefusedException as for {@link #forward}
     */
    public static SwapScript backward(Connection connection, Names names) throws SQLException {
        return script(connection, names, Direction.BACKWARD);
    }

    /**
     * What finishes a committed swap without blocking the application's writes: validating the foreign keys added
     * NOT VALID in the swap, then adding them to the partitioned parent. Run each step in its own transaction, with
     * a lock timeout and retries (the last steps take SHARE ROW EXCLUSIVE on the partitions for a moment). Read from
     * the catalog, so calling this again after an interruption returns what is left, and nothing once all is done.
     */
    public static List<SwapStep> afterSwap(Connection connection, Names names) throws SQLException {
        Objects.requireNonNull(names, "names");
        try (Catalog catalog = Catalog.open(connection)) {
            return ForeignKeys.afterSwap(catalog, names);
        }
    }

    private static SwapScript script(Connection connection, Names names, Direction direction) throws SQLException {
        Objects.requireNonNull(names, "names");
        try (Catalog catalog = Catalog.open(connection)) {
            SwapSides sides = SwapSides.read(catalog, names, direction);
            ScriptBuilder script = new ScriptBuilder();
            // Everything is read before the first statement runs; statements name things as they are after the
            // renames, so the renames come first and the views, which name the table, last.
            Renames.add(catalog, sides, script);
            Ownership.add(catalog, sides, script);
            List<Sequences.IdentityPair> identities = Sequences.add(catalog, sides, script);
            Privileges.add(catalog, sides, identities, script);
            Comments.add(catalog, sides, script);
            Triggers.add(catalog, sides, script);
            RowSecurity.add(catalog, sides, script);
            ReplicaIdentity.add(catalog, sides, script);
            ForeignKeys.add(catalog, sides, script);
            Publications.add(catalog, sides, script);
            DependentViews.add(catalog, sides, script);
            return script.build(names.source());
        }
    }
}
