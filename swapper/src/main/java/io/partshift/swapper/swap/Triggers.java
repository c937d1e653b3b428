package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User triggers move with the name. The arriving table gets each of the leaving table's triggers (created from its
 * definition, read with qualified names before the renames, so run after them it lands on the arriving table), in
 * the same enabled state; on a partitioned table PostgreSQL clones a row trigger onto every partition. The leaving
 * table's triggers are disabled, not dropped: after cutover its rows are written by the reverse change stream,
 * which replays what the application did, so an audit trigger there would record everything twice; rollback
 * enables them again. A trigger the arriving table already has with the same definition (after an earlier
 * rollback) only gets its state set. Triggers PostgreSQL makes for constraints are not user triggers.
 */
final class Triggers {
    private static final String TRIGGERS = """
            SELECT tgname::text, pg_get_triggerdef(oid) AS definition, tgenabled::text AS enabled,
                   (tgtype & 1) = 1 AND (tgoldtable IS NOT NULL OR tgnewtable IS NOT NULL) AS row_with_transition
              FROM pg_trigger WHERE tgrelid = ? AND NOT tgisinternal AND tgparentid = 0 ORDER BY tgname
            """;

    private record Trigger(String name, String definition, char enabled, boolean rowWithTransition) {
    }

    private Triggers() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        Map<String, Trigger> arriving = new LinkedHashMap<>();
        for (Trigger trigger : triggers(catalog, sides.arrivingOid())) {
            arriving.put(trigger.name(), trigger);
        }
        List<Trigger> leaving = triggers(catalog, sides.leavingOid());
        List<String> impossible = leaving.stream().filter(t -> sides.arrivingPartitioned() && t.rowWithTransition())
                .map(Trigger::name).toList();
        if (!impossible.isEmpty()) {
            throw new SwapRefusedException("trigger" + (impossible.size() == 1 ? " " : "s ") + String.join(", ",
                    impossible) + " on " + sides.named().sql() + " fire" + (impossible.size() == 1 ? "s" : "")
                    + " FOR EACH ROW with a transition table, which PostgreSQL does not support on a partitioned table:"
                    + " make " + (impossible.size() == 1 ? "it" : "them") + " FOR EACH STATEMENT (the transition table"
                    + " holds the statement's rows) and cut over again.");
        }
        for (Trigger trigger : leaving) {
            String name = Identifiers.quote(trigger.name());
            Trigger existing = arriving.get(trigger.name());
            boolean same = existing != null && normalized(existing.definition(), sides.arrivingText())
                    .equals(normalized(trigger.definition(), sides.leavingText()));
            if (existing != null && !same) {
                script.add("DROP TRIGGER " + name + " ON " + sides.named().sql(), "trigger: " + trigger.name()
                        + " differs on " + sides.arriving() + ", recreated");
            }
            if (!same) {
                script.add(trigger.definition(), "trigger: " + trigger.name() + " on " + sides.named());
            }
            char current = same ? existing.enabled() : 'O';
            if (current != trigger.enabled()) {
                script.add(state(sides.named().sql(), name, trigger.enabled()), "trigger: " + trigger.name() + " "
                        + describe(trigger.enabled()));
            }
        }
        for (Trigger trigger : leaving) {
            if (trigger.enabled() != 'D') {
                script.add(state(sides.aside().sql(), Identifiers.quote(trigger.name()), 'D'), "trigger: "
                        + trigger.name() + " disabled on " + sides.aside() + ", which only the change stream writes");
            }
        }
    }

    /** The definition with the table's name taken out, so two tables' copies of one trigger compare equal. */
    private static String normalized(String definition, String tableText) {
        return definition.replace(" ON " + tableText + " ", " ON <table> ");
    }

    private static String state(String table, String trigger, char enabled) {
        return "ALTER TABLE " + table + switch (enabled) {
            case 'D' -> " DISABLE TRIGGER ";
            case 'R' -> " ENABLE REPLICA TRIGGER ";
            case 'A' -> " ENABLE ALWAYS TRIGGER ";
            default -> " ENABLE TRIGGER ";
        } + trigger;
    }

    private static String describe(char enabled) {
        return switch (enabled) {
            case 'D' -> "disabled, as on the leaving table";
            case 'R' -> "fires only for replication, as on the leaving table";
            case 'A' -> "fires always, as on the leaving table";
            default -> "enabled, as on the leaving table";
        };
    }

    private static List<Trigger> triggers(Catalog catalog, long table) throws SQLException {
        return catalog.list(TRIGGERS, rs -> new Trigger(rs.getString("tgname"), rs.getString("definition"),
                rs.getString("enabled").charAt(0), rs.getBoolean("row_with_transition")), table);
    }
}
