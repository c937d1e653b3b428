package io.partshift.cli;

import io.partshift.config.BadInputException;

/** {@code --format text|json} of the lifecycle commands: text for people, JSON for monitoring. */
enum OutputFormat {
    TEXT, JSON;

    static final String DESCRIPTION = "text or json (default: text).";

    static OutputFormat parse(String text) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new BadInputException("--format '" + text + "' is not a format: use text or json.");
    }
}
