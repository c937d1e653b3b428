/**
 * JUnit 5 glue: {@link io.partshift.localpg.junit.PostgresExtension} gives each test method its own fresh
 * database on one shared server per test JVM. Kept apart because junit-jupiter-api is an optional dependency:
 * the demo uses {@link io.partshift.localpg.LocalPostgres} without ever loading these classes.
 */
package io.partshift.localpg.junit;
