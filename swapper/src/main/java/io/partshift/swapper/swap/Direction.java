package io.partshift.swapper.swap;

import io.partshift.config.Names;
import io.partshift.config.TableRef;

/**
 * Which way the application's table name changes hands. Cutover and rollback are one swap run in opposite
 * directions: the table holding the name steps aside, the other one takes the name and gets everything the
 * application relies on; only the names each side keeps aside differ.
 */
enum Direction {
    /** Cutover: the monolithic source steps aside as the old table, the partitioned shadow takes its name. */
    FORWARD {
        @Override
        TableRef aside(Names names) {
            return names.old();
        }

        @Override
        TableRef arriving(Names names) {
            return names.shadow();
        }

        @Override
        String asideIndex(Names names, String index, boolean primary) {
            return names.oldIndex(index);
        }

        @Override
        String arrivingIndex(Names names, String index, boolean primary) {
            return primary ? names.shadowPrimaryKey() : names.shadowIndex(index);
        }

        @Override
        String asideSequence(Names names, String sequence) {
            return names.oldSequence(sequence);
        }
    },
    /** Rollback: the partitioned table steps back to the shadow's name, the old table takes the name again. */
    BACKWARD {
        @Override
        TableRef aside(Names names) {
            return names.shadow();
        }

        @Override
        TableRef arriving(Names names) {
            return names.old();
        }

        @Override
        String asideIndex(Names names, String index, boolean primary) {
            return primary ? names.shadowPrimaryKey() : names.shadowIndex(index);
        }

        @Override
        String arrivingIndex(Names names, String index, boolean primary) {
            return names.oldIndex(index);
        }

        @Override
        String asideSequence(Names names, String sequence) {
            return names.shadowSequence(sequence);
        }
    };

    /** Where the table that holds the name now goes. */
    abstract TableRef aside(Names names);

    /** Where the table that takes the name is now. */
    abstract TableRef arriving(Names names);

    /** The name an index of the leaving table takes so its own name is free. */
    abstract String asideIndex(Names names, String index, boolean primary);

    /** The name the arriving table's counterpart of the leaving table's {@code index} has now. */
    abstract String arrivingIndex(Names names, String index, boolean primary);

    /** The name the leaving table's identity sequence takes so the arriving one can have its name. */
    abstract String asideSequence(Names names, String sequence);

    /** The relkind the table holding the name must have: a plain table before cutover, a partitioned one after. */
    char leavingKind() {
        return this == FORWARD ? 'r' : 'p';
    }

    char arrivingKind() {
        return this == FORWARD ? 'p' : 'r';
    }
}
