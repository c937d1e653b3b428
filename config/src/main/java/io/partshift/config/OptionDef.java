package io.partshift.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One option, declared once: the same name is the YAML key and the CLI flag {@code --name}, so the spec file, CLI
 * help, validation and docs/options.md cannot drift apart. Instances are the constants in {@link Options}.
 *
 * @param <T> the parsed type of one value (for a multi-valued option, of each element)
 */
public final class OptionDef<T> {
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** Turns the text of one value into its type, or throws a {@link BadInputException} naming the option. */
    @FunctionalInterface
    interface ValueParser<T> {
        T parse(String text, String option);
    }

    private final String name;
    private final OptionGroup group;
    private final String description;
    private final String paramLabel;
    private final ValueParser<T> parser;
    private final String defaultText;
    private final T defaultValue;
    private final boolean multiValued;
    private final boolean isBoolean;

    private OptionDef(Builder<T> b) {
        if (!KEBAB.matcher(b.name).matches()) {
            throw new IllegalArgumentException("option name '" + b.name + "' is not kebab-case");
        }
        this.name = b.name;
        this.group = Objects.requireNonNull(b.group, "group");
        this.description = Objects.requireNonNull(b.description, "description");
        this.paramLabel = Objects.requireNonNull(b.paramLabel, "paramLabel");
        this.parser = Objects.requireNonNull(b.parser, "parser");
        this.multiValued = b.multiValued;
        this.isBoolean = b.isBoolean;
        this.defaultText = b.defaultText;
        // The default goes through the same parser as user input, so a default can never be a value users can't give.
        this.defaultValue = b.defaultText == null ? null : parser.parse(b.defaultText, b.name);
        if (multiValued && defaultText != null) {
            throw new IllegalArgumentException(name + ": a multi-valued option defaults to an empty list");
        }
    }

    static <T> Builder<T> builder(String name, OptionGroup group, String paramLabel, ValueParser<T> parser) {
        return new Builder<>(name, group, paramLabel, parser);
    }

    /** The kebab-case name: YAML key {@code name}, CLI flag {@code --name}. */
    public String name() {
        return name;
    }

    /** The CLI flag, e.g. {@code --partition-by}. */
    public String flag() {
        return "--" + name;
    }

    public OptionGroup group() {
        return group;
    }

    /** One sentence, shown in CLI help and docs. */
    public String description() {
        return description;
    }

    /** A short placeholder for the value in help text, e.g. {@code DURATION}. */
    public String paramLabel() {
        return paramLabel;
    }

    /** The default as the user would write it (e.g. {@code 500ms}); empty when the option has no default. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** The parsed default; empty when the option has no default. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the flag may repeat and the YAML value may be a list. */
    public boolean multiValued() {
        return multiValued;
    }

    /** Whether this is an on/off switch, so the CLI can offer {@code --[no-]name}. */
    public boolean isBoolean() {
        return isBoolean;
    }

    /**
     * Parses one value.
     *
     * @throws BadInputException with one sentence saying what is wrong and how to fix it
     */
    public T parse(String text) {
        if (text == null) {
            throw new BadInputException(flag() + " has no value: give one, e.g. " + flag() + " " + paramLabel + ".");
        }
        return parser.parse(text, name);
    }

    @Override
    public String toString() {
        return flag();
    }

    static final class Builder<T> {
        private final String name;
        private final OptionGroup group;
        private final String paramLabel;
        private final ValueParser<T> parser;
        private String description;
        private String defaultText;
        private boolean multiValued;
        private boolean isBoolean;

        private Builder(String name, OptionGroup group, String paramLabel, ValueParser<T> parser) {
            this.name = name;
            this.group = group;
            this.paramLabel = paramLabel;
            this.parser = parser;
        }

        Builder<T> description(String text) {
            this.description = text;
            return this;
        }

        Builder<T> defaultText(String text) {
            this.defaultText = text;
            return this;
        }

        Builder<T> multiValued() {
            this.multiValued = true;
            return this;
        }

        Builder<T> booleanFlag() {
            this.isBoolean = true;
            return this;
        }

        OptionDef<T> build() {
            return new OptionDef<>(this);
        }
    }
}
