package io.partshift.cli;

import io.partshift.config.BadInputException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --now TIMESTAMP}: the instant every time decision is made for, in place of the clock, for dry runs ahead of
 * time and for tests that travel through months. Without a zone it is UTC, as partshift's time partitions are.
 */
final class NowOption {
    static final String DESCRIPTION = "Decide as if it were this instant (e.g. 2026-03-15, 2026-03-15T10:00:00Z or"
            + " 2026-03-15 10:00:00+02); without a zone it is UTC. Default: the clock.";

    private NowOption() {
    }

    /** The clock for {@code text}, or the system clock (UTC) when it is null. */
    static Clock clock(String text) {
        if (text == null) {
            return Clock.systemUTC();
        }
        return Clock.fixed(parse(text), ZoneOffset.UTC);
    }

    static Instant parse(String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (t.matches(".*(Z|[+-]\\d{2}(:?\\d{2})?)$") && t.length() > 16) {
                String offset = t.replaceFirst("([+-]\\d{2})$", "$1:00").replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
                return OffsetDateTime.parse(offset).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadInputException("--now '" + text + "' is not a timestamp: give e.g. 2026-03-15,"
                    + " 2026-03-15T10:00:00Z or '2026-03-15 10:00:00+02'.", e);
        }
    }
}
