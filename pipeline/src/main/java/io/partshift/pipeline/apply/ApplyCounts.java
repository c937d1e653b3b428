package io.partshift.pipeline.apply;

/**
 * What a batch did to the shadow, for logs and tests: rows updated in place, moved to another partition, inserted,
 * deleted, and partially updated.
 */
record ApplyCounts(long inPlace, long moved, long inserted, long deleted, long partial) {
    static final ApplyCounts NONE = new ApplyCounts(0, 0, 0, 0, 0);

    ApplyCounts plus(ApplyCounts other) {
        return new ApplyCounts(inPlace + other.inPlace, moved + other.moved, inserted + other.inserted,
                deleted + other.deleted, partial + other.partial);
    }
}
