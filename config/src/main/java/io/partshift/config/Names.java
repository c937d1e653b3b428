package io.partshift.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one place that derives every name partshift creates for a source table: the shadow, the old table after the
 * swap, partitions, shadow indexes, the replication slot, the publication and the state schema. Names longer than
 * PostgreSQL's 63-byte limit are shortened with a hash suffix so two long names never collide after truncation.
 */
public record Names(TableRef source, String stateSchema) {
    public static final String SHADOW_SUFFIX = "_partshift";
    public static final String OLD_SUFFIX = "_partshift_old";
    private static final String REVERSE_SUFFIX = "_rev";
    /** What the cutover swap appends to the names it moves out of the way on the old table. */
    private static final String ASIDE_OLD_SUFFIX = "_ps_old";
    /** What the rollback swap appends to the names it moves out of the way on the partitioned table. */
    private static final String ASIDE_SHADOW_SUFFIX = "_ps";

    /** The partitioned table being filled while the source keeps serving writes. */
    public TableRef shadow() {
        return source.withName(fit(source.name(), SHADOW_SUFFIX));
    }

    /** Where the monolithic source goes at cutover, kept current for rollback until finalize. */
    public TableRef old() {
        return source.withName(fit(source.name(), OLD_SUFFIX));
    }

    /**
     * A partition's name: the final table name plus a suffix such as {@code p2026_03}, {@code h3} or
     * {@code default}, so partitions keep sensible names after the shadow takes the source's name.
     */
    public TableRef partition(String suffix) {
        return source.withName(fit(source.name(), "_" + suffix));
    }

    /** A sub-partition of a partition: the partition's name plus its own suffix. */
    public TableRef subPartition(TableRef parent, String suffix) {
        return source.withName(fit(parent.name(), "_" + suffix));
    }

    /**
     * The CHECK constraint {@code maintain} gives a partition it is about to attach, so that ATTACH PARTITION can
     * prove the bound from it instead of scanning the rows; it is dropped again in the same transaction.
     */
    public String attachCheck() {
        return "partshift_attach_check";
    }

    /** The shadow's copy of a source index; renamed back to the original name at cutover. */
    public String shadowIndex(String sourceIndexName) {
        return fit(sourceIndexName, ASIDE_SHADOW_SUFFIX);
    }

    /**
     * A source index's name (and that of the constraint it backs) while the old table keeps it after cutover: the swap
     * moves it aside so the shadow's copy ({@link #shadowIndex}) can take the original name; rollback moves it back.
     */
    public String oldIndex(String sourceIndexName) {
        return fit(sourceIndexName, ASIDE_OLD_SUFFIX);
    }

    /**
     * The source's identity sequence while the old table keeps it after cutover, so the partitioned table's own
     * identity sequence can take the name the application may use ({@code currval('events_id_seq')}).
     */
    public String oldSequence(String sourceSequenceName) {
        return fit(sourceSequenceName, ASIDE_OLD_SUFFIX);
    }

    /** The partitioned table's identity sequence after a rollback, out of the way of the old table's original one. */
    public String shadowSequence(String sequenceName) {
        return fit(sequenceName, ASIDE_SHADOW_SUFFIX);
    }

    /** The shadow's primary key constraint name, made unique in the schema. */
    public String shadowPrimaryKey() {
        return fit(source.name(), "_partshift_pkey");
    }

    /** The logical replication slot (lower case letters, digits and underscores only). */
    public String slot() {
        return fit(slotBase(), "");
    }

    /** The slot that keeps the old table current after cutover, for rollback. */
    public String reverseSlot() {
        return fit(slotBase(), REVERSE_SUFFIX);
    }

    /** The publication the forward change stream reads. */
    public String publication() {
        return slot();
    }

    /** The publication the reverse stream reads after cutover. */
    public String reversePublication() {
        return reverseSlot();
    }

    /**
     * {@code partshift_<schema>_<table>}, readable in pg_replication_slots. Slot names are unique in the whole cluster,
     * and lower-casing, replacing characters and joining with "_" can give two tables one name ({@code "a_b".c} and
     * {@code a.b_c}, {@code "Events"} and {@code events}), as can a table whose name ends like another's reverse slot;
     * in those cases a hash of the exact name keeps the slot apart.
     */
    private String slotBase() {
        String readable = "partshift_" + slotSafe(source.schema()) + "_" + slotSafe(source.name());
        boolean unambiguous = source.schema().matches("[a-z0-9]+") && source.name().matches("[a-z0-9_]+")
                && !source.name().endsWith(REVERSE_SUFFIX);
        return unambiguous ? readable : readable + "_" + shortHash(source.sql());
    }

    private static String slotSafe(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Appends {@code suffix} to {@code base}, shortening {@code base} with a hash when the result exceeds 63 bytes. */
    static String fit(String base, String suffix) {
        String whole = base + suffix;
        if (whole.getBytes(StandardCharsets.UTF_8).length <= Identifiers.MAX_LENGTH) {
            return whole;
        }
        String hash = "_" + shortHash(base);
        if (suffix.getBytes(StandardCharsets.UTF_8).length + hash.length() >= Identifiers.MAX_LENGTH) {
            throw new IllegalArgumentException("name suffix '" + suffix + "' leaves no room for the table name");
        }
        int room = Identifiers.MAX_LENGTH - suffix.getBytes(StandardCharsets.UTF_8).length - hash.length();
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < base.length(); ) {
            int cp = base.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (head.toString().getBytes(StandardCharsets.UTF_8).length + ch.getBytes(StandardCharsets.UTF_8).length > room) {
                break;
            }
            head.append(ch);
            i += Character.charCount(cp);
        }
        return head + hash + suffix;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
