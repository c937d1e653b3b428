package io.partshift.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts CLI flag values into the same shape as spec-file values: option name to texts. Refuses unknown flags and a
 * single-valued flag given twice (silently keeping one of two values would hide a mistake).
 */
final class FlagValues {
    private FlagValues() {
    }

    static Map<String, List<String>> normalize(Map<String, List<String>> flags) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : flags.entrySet()) {
            String name = entry.getKey().replaceFirst("^--?", "");
            List<String> texts = entry.getValue() == null ? List.of() : entry.getValue();
            Optional<OptionDef<?>> option = Options.byName(name);
            Optional<OptionDef<?>> negated = name.startsWith("no-")
                    ? Options.byName(name.substring(3)).filter(OptionDef::isBoolean) : Optional.empty();
            if (option.isPresent()) {
                put(out, option.get(), texts(option.get(), texts));
            } else if (negated.isPresent()) {
                put(out, negated.get(), negate(negated.get(), texts));
            } else {
                throw UnknownOption.flag(name);
            }
        }
        return out;
    }

    private static List<String> texts(OptionDef<?> option, List<String> texts) {
        if (texts.isEmpty()) {
            if (option.isBoolean()) {
                return List.of("true"); // a bare --default-partition switches it on
            }
            throw new BadInputException(option.flag() + " has no value: give one, e.g. " + option.flag() + " "
                    + option.paramLabel() + ".");
        }
        if (texts.size() > 1 && !option.multiValued()) {
            throw new BadInputException(option.flag() + " was given " + texts.size() + " times: give it once.");
        }
        return texts;
    }

    private static List<String> negate(OptionDef<?> option, List<String> texts) {
        List<String> negated = new ArrayList<>();
        for (String text : texts(option, texts)) {
            negated.add(String.valueOf(!Values.bool(text, option.name())));
        }
        return negated;
    }

    private static void put(Map<String, List<String>> out, OptionDef<?> option, List<String> texts) {
        if (out.putIfAbsent(option.name(), texts) != null) {
            throw new BadInputException(option.flag() + " was given more than once: give it once.");
        }
    }
}
