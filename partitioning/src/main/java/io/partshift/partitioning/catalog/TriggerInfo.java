package io.partshift.partitioning.catalog;

/** A user trigger on the source ({@code pg_get_triggerdef}); internal (constraint) triggers are left out. */
public record TriggerInfo(String name, String definition, boolean enabled) {
}
