package io.partshift.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders docs/options.md from {@link Options#all()}, so the reference cannot drift from the code; a unit test fails
 * when the checked-in file differs. Regenerate with
 * {@code java -cp config/target/classes io.partshift.config.OptionsReference docs/options.md}.
 */
public final class OptionsReference {
    private OptionsReference() {
    }

    /** Writes the reference to the path given (default docs/options.md). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/options.md");
        Files.writeString(target, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target.toAbsolutePath().normalize());
    }

    /** The whole reference as Markdown: how values are found, then one table per group. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# partshift options\n\n")
                .append("<!-- Generated from io.partshift.config.Options by OptionsReference: do not edit by hand."
                        + " Regenerate with\n     `java -cp config/target/classes io.partshift.config.OptionsReference"
                        + " docs/options.md` -->\n\n")
                .append("Every option can be given as a CLI flag (`--name value`) or as a key of the same name in the"
                        + " YAML spec file (`name: value`).\nFlags override the spec file, the spec file overrides the"
                        + " environment, and the environment overrides defaults.\nRepeatable options take a YAML list;"
                        + " on/off options take `true`/`false`/`yes`/`no`/`on`/`off` (or `--no-name` on the command"
                        + " line).\nDurations are a whole number and a unit: `500ms`, `5s`, `2m`, `1h`.\n\n")
                .append("When `url` is absent it is built from libpq's `PGHOST` (default `localhost`), `PGPORT`"
                        + " (default `5432`) and `PGDATABASE`\n(default: the user). The user is `user`, else `PGUSER`,"
                        + " else the operating-system user. The password comes from\n`password-file`, else"
                        + " `PGPASSWORD`; the spec file refuses a `password` key.\n");
        for (OptionGroup group : OptionGroup.values()) {
            md.append("\n## ").append(group.title()).append("\n\n")
                    .append("| Flag | YAML key | Default | Description |\n")
                    .append("|---|---|---|---|\n");
            for (OptionDef<?> option : Options.all()) {
                if (option.group() == group) {
                    md.append("| `").append(cell(flagUsage(option))).append("` | `").append(option.name()).append("` | ")
                            .append(option.defaultText().map(d -> "`" + d + "`").orElse("(none)"))
                            .append(" | ").append(cell(option.description()))
                            .append(option.multiValued() ? " Repeatable." : "").append(" |\n");
                }
            }
        }
        return md.toString();
    }

    /** How the flag is written in help, e.g. {@code --[no-]default-partition} or {@code --modulus N}. */
    public static String flagUsage(OptionDef<?> option) {
        return option.isBoolean() ? "--[no-]" + option.name() : option.flag() + " " + option.paramLabel();
    }

    /** GitHub tables split cells at every pipe, even inside code spans, unless it is escaped. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
