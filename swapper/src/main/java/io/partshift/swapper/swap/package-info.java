/**
 * The statements of the rename swap at cutover and of its mirror image at rollback. A table is found by name but
 * many things bind to it by OID (grants, comments, triggers, policies, publications, views, sequence ownership,
 * foreign keys), so renaming the partitioned table into the source's place is only the first step: each class here
 * carries one of those over from the table that leaves the name to the one that takes it, reading the catalog before
 * anything runs and writing statements that name every object schema-qualified. The orchestration (lock, drain,
 * commit, reverse stream) lives elsewhere; this package only says what runs inside the swap and right after it.
 */
package io.partshift.swapper.swap;
