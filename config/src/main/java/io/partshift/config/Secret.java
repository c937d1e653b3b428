package io.partshift.config;

import java.util.Optional;

/** A password: its value is reachable through {@link #value()} only, never through {@code toString()}. */
public final class Secret {
    private static final Secret NONE = new Secret(null);
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null ? NONE : new Secret(value);
    }

    public static Secret none() {
        return NONE;
    }

    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    @Override
    public String toString() {
        return value == null ? "(none)" : "(hidden)";
    }
}
