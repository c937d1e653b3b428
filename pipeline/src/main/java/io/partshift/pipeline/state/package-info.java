/**
 * partshift's own state, kept in a schema of the source database (not in local files), so that {@code status}
 * from any shell and a resumed {@code migrate} on any machine read the same truth the running migration writes.
 */
package io.partshift.pipeline.state;
