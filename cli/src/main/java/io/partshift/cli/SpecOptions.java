package io.partshift.cli;

import io.partshift.config.OptionDef;
import io.partshift.config.Options;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns every declared {@link OptionDef} into a picocli option, so the flags and the YAML keys are two spellings of
 * the same options and the help text comes from the same declaration as validation.
 */
final class SpecOptions {
    private SpecOptions() {
    }

    /** Adds the spec options to every subcommand that reads a spec. */
    static void addTo(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            if (sub.getCommand() instanceof SpecCommand) {
                CommandSpec spec = sub.getCommandSpec();
                for (OptionDef<?> def : Options.all()) {
                    spec.addOption(toPicocli(def));
                }
            }
        }
    }

    private static OptionSpec toPicocli(OptionDef<?> def) {
        String description = def.description()
                + def.defaultText().map(d -> " (default: " + d + ")").orElse("");
        OptionSpec.Builder b = OptionSpec.builder(def.flag())
                .paramLabel(def.paramLabel())
                .description(description);
        if (def.isBoolean()) {
            // --default-partition, --no-default-partition and --default-partition=false all work.
            b.type(boolean.class).negatable(true).arity("0..1").fallbackValue("true");
        } else if (def.multiValued()) {
            b.type(List.class).auxiliaryTypes(String.class).arity("1");
        } else {
            b.type(String.class).arity("1");
        }
        return b.build();
    }

    /** The spec options given on the command line, as text, keyed by option name; absent ones are left out. */
    static Map<String, List<String>> given(CommandSpec spec) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (OptionDef<?> def : Options.all()) {
            OptionSpec option = spec.findOption(def.flag());
            if (option == null || !parsed.hasMatchedOption(option)) {
                continue;
            }
            Object value = option.getValue();
            List<String> values = new ArrayList<>();
            if (value instanceof List<?> list) {
                list.forEach(v -> values.add(String.valueOf(v)));
            } else {
                values.add(String.valueOf(value));
            }
            flags.put(def.name(), values);
        }
        return flags;
    }
}
