/**
 * The online part of a migration: a change stream from the source, a bulk copier, the applier that is the only
 * writer of change events to the shadow, the lag monitor, and the state that lets a migration resume. See
 * docs/design.md for why copy and stream together end with shadow = source.
 */
package io.partshift.pipeline;
