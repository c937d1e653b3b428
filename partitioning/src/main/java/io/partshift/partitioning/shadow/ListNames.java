package io.partshift.partitioning.shadow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Name suffixes for LIST partitions that hold one value each: {@code l_} plus the value in lower case with
 * everything but {@code [a-z0-9_]} turned into underscores. A value that sanitises to nothing, to something long,
 * or to the same text as another value gets a hash of its exact text instead of a tail, so names stay unique,
 * short and the same from one run to the next.
 */
public final class ListNames {
    static final int MAX_READABLE = 24;
    private static final int HEAD_WITH_HASH = 15;

    private ListNames() {
    }

    /** One suffix per value, in the same order. */
    public static List<String> suffixes(List<String> values) {
        Map<String, Integer> uses = new HashMap<>();
        for (String value : values) {
            uses.merge(sanitize(value), 1, Integer::sum);
        }
        return values.stream().map(value -> {
            String clean = sanitize(value);
            boolean readable = !clean.isEmpty() && clean.length() <= MAX_READABLE && uses.get(clean) == 1;
            if (readable) {
                return "l_" + clean;
            }
            return hashedSuffix(value);
        }).toList();
    }

    /**
     * The suffix with a hash of the value's exact text, for a value whose readable suffix is taken (say, by a
     * partition made earlier for a value that sanitises to the same text).
     */
    public static String hashedSuffix(String value) {
        String clean = sanitize(value);
        String head = clean.length() > HEAD_WITH_HASH ? clean.substring(0, HEAD_WITH_HASH) : clean;
        return "l_" + (head.isEmpty() ? "" : head + "_") + hash(value);
    }

    static String sanitize(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (keep) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
