/**
 * A real, throw-away PostgreSQL server for the integration tests and the demo.
 *
 * <p>partshift is only worth trusting if it is tested against the server it runs against: logical
 * decoding, exported snapshots, partition routing and lock behaviour cannot be faked. {@link
 * io.partshift.localpg.LocalPostgres} starts one in a temporary directory (from the machine's PostgreSQL
 * binaries, or from the binaries zonky ships through Maven Central), and {@link
 * io.partshift.localpg.CatalogSnapshot} records everything partshift could change in a database, so a test
 * can prove that a refused or rolled-back migration left the database exactly as it was.
 */
package io.partshift.localpg;
