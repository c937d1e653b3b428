/**
 * {@code partshift bench}: the measurements behind the README's performance table, taken in one run on one
 * throw-away PostgreSQL so that the raw baseline and partshift see the same table on the same machine. It measures
 * and reports; it never decides a build's fate (tests only check that it runs).
 */
package io.partshift.cli.bench;
