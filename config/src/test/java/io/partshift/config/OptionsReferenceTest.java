package io.partshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/options.md is generated from the declarations; this fails when someone changes one without the other. */
class OptionsReferenceTest {
    /** Surefire runs in the module directory. */
    private static final Path DOC = Path.of("../docs/options.md");

    @Test
    void docsOptionsMdMatchesTheDeclarations() throws IOException {
        String expected = OptionsReference.markdown();
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(expected, actual, "docs/options.md is out of date: regenerate it from the repository root with"
                + " `mvn -q -o -pl config compile && java -cp config/target/classes"
                + " io.partshift.config.OptionsReference docs/options.md`");
    }

    @Test
    void everyOptionIsListedOnceWithItsFlagKeyAndDefault() {
        String md = OptionsReference.markdown();
        for (OptionDef<?> option : Options.all()) {
            String row = "| `" + OptionsReference.flagUsage(option).replace("|", "\\|") + "` | `" + option.name()
                    + "` | " + option.defaultText().map(d -> "`" + d + "`").orElse("(none)") + " | ";
            assertEquals(1, md.split(java.util.regex.Pattern.quote(row), -1).length - 1, row);
        }
        assertTrue(md.contains("| `--[no-]default-partition` |"));
        assertTrue(md.contains("| `--cutover auto\\|postpone` |"), "pipes in cells are escaped");
    }

    @Test
    void declarationsAreWellFormed() {
        Set<String> names = new HashSet<>();
        for (OptionDef<?> option : Options.all()) {
            assertTrue(names.add(option.name()), "declared twice: " + option.name());
            String d = option.description();
            assertTrue(d.endsWith(".") && Character.isUpperCase(d.charAt(0)) || d.startsWith("auto"),
                    option.name() + ": a sentence: " + d);
            assertTrue(!option.isBoolean() || option.defaultValue().isPresent(), option.name());
        }
        assertEquals(33, names.size());
    }
}
