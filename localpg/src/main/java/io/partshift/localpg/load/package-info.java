/** A sample table and a live write load on it, shared by the demo, the tests and the benchmark. */
package io.partshift.localpg.load;
