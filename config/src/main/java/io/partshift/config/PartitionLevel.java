package io.partshift.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One level of partitioning: its key plus the one setting its method needs (a RANGE interval, a HASH modulus, or
 * optional LIST value groups). The constructor refuses settings that do not belong to the method, so a record that
 * exists is consistent.
 */
public record PartitionLevel(PartitionKey key, Optional<PartitionInterval> interval, OptionalInt modulus,
                             List<ListGroup> groups) {
    public PartitionLevel {
        Objects.requireNonNull(key, "key");
        groups = List.copyOf(groups);
        switch (key.method()) {
            case RANGE -> {
                if (interval.isEmpty()) {
                    throw new IllegalArgumentException("RANGE needs an interval");
                }
                if (modulus.isPresent() || !groups.isEmpty()) {
                    throw new IllegalArgumentException("RANGE takes neither modulus nor groups");
                }
            }
            case HASH -> {
                if (modulus.isEmpty() || modulus.getAsInt() < 2) {
                    throw new IllegalArgumentException("HASH needs a modulus of at least 2");
                }
                if (interval.isPresent() || !groups.isEmpty()) {
                    throw new IllegalArgumentException("HASH takes neither interval nor groups");
                }
            }
            case LIST -> {
                if (interval.isPresent() || modulus.isPresent()) {
                    throw new IllegalArgumentException("LIST takes neither interval nor modulus");
                }
            }
        }
    }

    public PartitionMethod method() {
        return key.method();
    }

    public String column() {
        return key.column();
    }
}
