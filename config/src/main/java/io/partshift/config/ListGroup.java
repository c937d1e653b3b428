package io.partshift.config;

import java.util.List;

/**
 * A named group of LIST values that share one partition, e.g. {@code eu=DE,FR,IT}. Without groups, LIST gives every
 * existing value a partition of its own.
 */
public record ListGroup(String name, List<String> values) {
    public ListGroup {
        values = List.copyOf(values);
    }

    /** Parses {@code name=v1,v2,...}. */
    public static ListGroup parse(String text, String option) {
        int eq = text == null ? -1 : text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new BadInputException("--" + option + " '" + text + "' is not a value group: write it as"
                    + " name=value1,value2, e.g. --" + option + " eu=DE,FR,IT.");
        }
        String name = text.substring(0, eq).trim();
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new BadInputException("--" + option + " group name '" + name + "' may only hold letters, digits and"
                    + " underscores, because it becomes part of the partition's name.");
        }
        if (name.equalsIgnoreCase("default")) {
            throw new BadInputException("--" + option + " group name 'default' is taken by the DEFAULT partition's"
                    + " name: call the group something else, e.g. other=...");
        }
        List<String> values = java.util.Arrays.stream(text.substring(eq + 1).split(","))
                .map(String::trim).toList();
        if (values.stream().anyMatch(String::isEmpty)) {
            throw new BadInputException("--" + option + " '" + text + "' has an empty value: list values separated by"
                    + " single commas, e.g. eu=DE,FR,IT.");
        }
        return new ListGroup(name.toLowerCase(java.util.Locale.ROOT), values);
    }
}
