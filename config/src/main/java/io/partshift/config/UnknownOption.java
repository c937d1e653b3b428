package io.partshift.config;

import java.util.Locale;
import java.util.Optional;

/** The error for a key or flag that names no option, with a "did you mean" when exactly one option is close. */
final class UnknownOption {
    static final String PASSWORD_REFUSED = "do not put passwords in the spec file: use PGPASSWORD or --password-file.";

    private UnknownOption() {
    }

    static BadInputException flag(String name) {
        if (name.equals("password")) {
            return new BadInputException("there is no --password flag, because command lines are visible to other"
                    + " users: use PGPASSWORD or --password-file.");
        }
        return new BadInputException("--" + name + " is not an option: " + suggestion(name)
                .map(s -> "did you mean --" + s + "?")
                .orElse("see partshift --help or docs/options.md for the options there are."));
    }

    static BadInputException fileKey(Object file, String key) {
        return new BadInputException("spec file " + file + " has an unknown key '" + key + "': " + suggestion(key)
                .map(s -> "did you mean " + s + "?")
                .orElse("keys are the option names without dashes, listed in docs/options.md."));
    }

    /** The one option closest to {@code typed}, if it is close enough to be a typo and no other option is as close. */
    static Optional<String> suggestion(String typed) {
        String normal = typed.toLowerCase(Locale.ROOT).replace('_', '-').replaceFirst("^-+", "");
        int limit = normal.length() <= 4 ? 1 : normal.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (OptionDef<?> option : Options.all()) {
            int d = distance(normal, option.name());
            if (d < bestDistance) {
                best = option.name();
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return bestDistance <= limit && !tie ? Optional.of(best) : Optional.empty();
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit, the commonest typo. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
