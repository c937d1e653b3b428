package io.partshift.partitioning.shadow;

import io.partshift.config.Identifiers;
import io.partshift.config.Names;
import io.partshift.config.Options;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.catalog.TriggerInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The decisions and warnings the operator reads in {@code partshift plan}, one sentence each. */
final class PlanNotes {
    private PlanNotes() {
    }

    static List<String> of(SourceTable source, Names names, List<String> keyColumns, LevelLayout top,
                           Optional<LevelLayout> sub, KeyProfile topProfile, Optional<KeyProfile> subProfile) {
        List<String> notes = new ArrayList<>();
        List<String> pk = source.primaryKey().orElseThrow().columns();
        List<String> added = keyColumns.stream().filter(k -> !pk.contains(k)).toList();
        if (!added.isEmpty()) {
            List<String> all = new ArrayList<>(pk);
            all.addAll(added);
            notes.add("The primary key becomes (" + String.join(", ", all) + ") because PostgreSQL requires every"
                    + " unique constraint on a partitioned table to include the partition columns, so uniqueness of ("
                    + String.join(", ", pk) + ") alone is no longer enforced by the database.");
        }
        for (Column column : source.columns()) {
            if (column.isIdentity()) {
                notes.add("Identity column " + column.name() + " gets a sequence of its own on the shadow (PostgreSQL 15"
                        + " accepts identity columns on partitioned tables): the copy writes the source's values"
                        + (column.identity() == 'a' ? " with OVERRIDING SYSTEM VALUE" : "")
                        + ", and cutover sets the new sequence past " + column.sequence().orElse("the source's")
                        + ".");
            } else if (column.sequence().isPresent()) {
                notes.add("Column " + column.name() + " keeps taking its default from " + column.sequence().get()
                        + ", which cutover hands to the new table (OWNED BY) so that dropping the old table keeps it.");
            }
        }
        List<String> generated = source.columns().stream().filter(Column::isGenerated).map(Column::name).toList();
        if (!generated.isEmpty()) {
            notes.add("Generated column" + (generated.size() == 1 ? " " : "s ") + String.join(", ", generated)
                    + " " + (generated.size() == 1 ? "is" : "are") + " computed again on the shadow, so the copy leaves"
                    + (generated.size() == 1 ? " it" : " them") + " out.");
        }
        notes.add(carriedAtCutover(source));
        notes.add("Indexes and unique constraints carry a _ps suffix on the shadow (and the primary key is "
                + names.shadowPrimaryKey() + ") until cutover gives them their original names back.");
        defaults(names, top, sub, topProfile, subProfile).ifPresent(notes::add);
        if (!source.constraintsOfType('f').isEmpty()) {
            notes.add("Foreign keys (" + source.constraintsOfType('f').stream().map(ConstraintInfo::name)
                    .collect(Collectors.joining(", ")) + ") are not on the shadow while changes stream into it, because"
                    + " replaying a change whose referenced row was deleted later would fail the check; they are added"
                    + " once the stream has stopped, and adding them validates the whole table (PostgreSQL 15 cannot"
                    + " add a NOT VALID foreign key to a partitioned table).");
        }
        notes.add("After cutover an UPDATE that changes " + String.join(" or ", keyColumns) + " moves the row to"
                + " another partition, which fires its DELETE and INSERT triggers instead of UPDATE triggers and makes"
                + " a concurrent UPDATE of that row fail with SQLSTATE 40001 instead of waiting.");
        return notes;
    }

    private static String carriedAtCutover(SourceTable source) {
        List<String> parts = new ArrayList<>();
        if (!source.triggers().isEmpty()) {
            parts.add("user triggers (" + source.triggers().stream().map(TriggerInfo::name)
                    .collect(Collectors.joining(", ")) + ")");
        }
        parts.add("grants");
        source.comment().ifPresent(c -> parts.add("the table comment"));
        if (source.rlsEnabled()) {
            parts.add("row level security and its policies");
        }
        if (!source.publications().isEmpty()) {
            parts.add("publication membership (" + String.join(", ", source.publications()) + ")");
        }
        if (!source.dependentViews().isEmpty()) {
            parts.add("dependent views (" + source.dependentViews().stream().map(v -> v.view().toString())
                    .collect(Collectors.joining(", ")) + ")");
        }
        String list = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return Character.toUpperCase(list.charAt(0)) + list.substring(1) + " carry over at cutover, not during the"
                + " copy, so " + (source.triggers().isEmpty() ? "nothing on the shadow reacts to" : "triggers do not"
                + " fire for") + " copied rows.";
    }

    /** Where rows outside every bound go; nothing to say when every level is HASH, which takes every value. */
    private static Optional<String> defaults(Names names, LevelLayout top, Optional<LevelLayout> sub,
                                             KeyProfile topProfile, Optional<KeyProfile> subProfile) {
        boolean subDefault = sub.map(LevelLayout::withDefault).orElse(false);
        if (!top.withDefault() && !subDefault) {
            List<String> bounded = new ArrayList<>();
            if (!top.isHash()) {
                bounded.add(top.column().name());
            }
            sub.filter(s -> !s.isHash()).ifPresent(s -> bounded.add(s.column().name()));
            return bounded.isEmpty() ? Optional.empty() : Optional.of("There is no DEFAULT partition, so a row whose "
                    + String.join(" or ", bounded) + " falls outside every bound cannot be stored: the applier, and"
                    + " after cutover the application, fail on it unless a partition for it exists ("
                    + Options.DEFAULT_PARTITION.flag() + " adds a catch-all).");
        }
        List<String> where = new ArrayList<>();
        if (top.withDefault()) {
            where.add(names.partition("default").name());
        }
        if (subDefault) {
            where.add("each partition's _default sub-partition");
        }
        List<String> already = new ArrayList<>();
        if (topProfile.hasInfinite() || subProfile.map(KeyProfile::hasInfinite).orElse(false)) {
            already.add("rows with infinite " + (topProfile.hasInfinite() ? top : sub.get()).column().name());
        }
        ungrouped(top, topProfile).ifPresent(already::add);
        sub.flatMap(s -> ungrouped(s, subProfile.get())).ifPresent(already::add);
        return Optional.of("Rows that fall outside all bounds go to " + String.join(" or ", where)
                + (already.isEmpty() ? "" : " (already " + String.join(" and ", already) + ")")
                + "; a DEFAULT that holds rows for a range blocks creating a partition for that range until they are"
                + " moved.");
    }

    private static Optional<String> ungrouped(LevelLayout level, KeyProfile profile) {
        if (profile.ungrouped().isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = profile.ungrouped().subList(0, Math.min(5, profile.ungrouped().size()));
        return Optional.of("rows whose " + level.column().name() + " is in no group: "
                + shown.stream().map(Identifiers::literal).collect(Collectors.joining(", "))
                + (profile.ungrouped().size() > 5 ? " and more" : ""));
    }
}
