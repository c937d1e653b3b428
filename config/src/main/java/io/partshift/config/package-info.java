/**
 * The migration spec: what to migrate and how. Every option is declared once ({@link io.partshift.config.Options}),
 * read from a YAML file and from CLI flags of the same names, validated strictly, and frozen into the immutable
 * records here. Nothing in this package touches a database: checks that need the catalog are preflight checks.
 */
package io.partshift.config;
