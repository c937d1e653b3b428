package io.partshift.partitioning.lifecycle;

import io.partshift.config.Options;
import io.partshift.config.TableRef;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads a {@link PartitionReport} from the catalog tree, plus an exact count of every DEFAULT partition. */
final class PartitionReportReader {
    private final Connection c;
    private final OptionalLong maxBytes;
    private final BigInteger now;
    private final List<PartitionReport.Partition> partitions = new ArrayList<>();
    private final List<PartitionReport.Warning> warnings = new ArrayList<>();

    private PartitionReportReader(Connection c, OptionalLong maxBytes, Instant now) {
        this.c = c;
        this.maxBytes = maxBytes;
        this.now = KeyPoints.time(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    static PartitionReport read(Connection c, TableRef table, OptionalLong maxBytes, Instant now) throws SQLException {
        LiveTree tree = LiveTreeReader.read(c, table);
        PartitionReportReader reader = new PartitionReportReader(c, maxBytes, now);
        reader.walk(tree.root(), 1);
        List<PartitionReport.Warning> warnings = new ArrayList<>(reader.warnings);
        warnings.sort(Comparator.comparing(PartitionReport.Warning::kind));
        return new PartitionReport(table, tree.root().key().definition(), now, reader.partitions, warnings);
    }

    /** What a partitioned partition's line shows: the sums over its partitions. */
    private record Totals(OptionalLong rows, long bytes) {
    }

    /** Adds the parent's partitions (DEFAULT last) and returns their totals, for the parent's own line. */
    private Totals walk(LiveParent parent, int level) throws SQLException {
        timeWarnings(parent);
        List<LivePartition> ordered = new ArrayList<>(parent.bounded());
        parent.defaultPartition().ifPresent(ordered::add);
        long rows = 0;
        long bytes = 0;
        boolean rowsKnown = false;
        for (LivePartition p : ordered) {
            int at = partitions.size();
            Totals sub = p.subtree().isPresent() ? walk(p.subtree().get(), level + 1) : null;
            OptionalLong estimated = sub != null ? sub.rows()
                    : p.estimatedRows() >= 0 ? OptionalLong.of(p.estimatedRows()) : OptionalLong.empty();
            long size = sub != null ? sub.bytes() : p.totalBytes();
            OptionalLong exact = p.isDefault() ? OptionalLong.of(DefaultRows.count(c, p.name(), "true"))
                    : OptionalLong.empty();
            partitions.add(at, new PartitionReport.Partition(p.name(), parent.name(), level, p.boundText(),
                    p.isDefault(), p.isLeaf(), estimated, size, exact, p.detachPending()));
            warn(p, size, exact);
            OptionalLong counted = exact.isPresent() ? exact : estimated;
            if (counted.isPresent()) {
                rows += counted.getAsLong();
                rowsKnown = true;
            }
            bytes += size;
        }
        return new Totals(rowsKnown ? OptionalLong.of(rows) : OptionalLong.empty(), bytes);
    }

    private void warn(LivePartition p, long size, OptionalLong exact) {
        if (p.detachPending()) {
            warnings.add(new PartitionReport.Warning(PartitionReport.Kind.DETACH_PENDING, p.name(), "an interrupted"
                    + " DETACH PARTITION ... CONCURRENTLY left it half detached: run partshift maintain (when it is"
                    + " past the retention window) or ALTER TABLE ... DETACH PARTITION ... FINALIZE."));
        }
        if (exact.isPresent() && exact.getAsLong() > 0) {
            warnings.add(new PartitionReport.Warning(PartitionReport.Kind.DEFAULT_HAS_ROWS, p.name(), "holds "
                    + exact.getAsLong() + " row" + NewPartitions.plural(exact.getAsLong()) + " that no other partition"
                    + " takes: run partshift maintain to give them partitions, or find out why they arrive."));
        }
        if (p.isLeaf() && maxBytes.isPresent() && size > maxBytes.getAsLong()) {
            warnings.add(new PartitionReport.Warning(PartitionReport.Kind.PARTITION_TOO_LARGE, p.name(), "is "
                    + Sizes.pretty(size) + ", more than " + Options.MAX_PARTITION_SIZE.flag() + " "
                    + Sizes.pretty(maxBytes.getAsLong()) + ": a smaller interval or more HASH partitions keep new"
                    + " partitions smaller."));
        }
    }

    /** For RANGE over time: is there a partition for now, and one after it? */
    private void timeWarnings(LiveParent parent) {
        if (parent.key().timeKind().isEmpty()) {
            return;
        }
        List<RangeCoverage.Span> spans = new ArrayList<>();
        for (LivePartition p : parent.bounded()) {
            if (p.parsedBound() instanceof LiveBound.Range r) {
                spans.add(new RangeCoverage.Span(p.name(), KeyPoints.of(r.lower(), true), KeyPoints.of(r.upper(), true)));
            }
        }
        Optional<RangeCoverage.Span> holding = spans.stream()
                .filter(s -> s.lower().compareTo(now) <= 0 && s.upper().compareTo(now) > 0).findFirst();
        String fallback = parent.defaultPartition().isPresent() ? "go to DEFAULT" : "fail";
        if (holding.isEmpty()) {
            warnings.add(new PartitionReport.Warning(PartitionReport.Kind.NO_PARTITION_FOR_NOW, parent.name(), "no"
                    + " partition holds the present, so new rows " + fallback + ": run partshift maintain."));
        } else if (spans.stream().noneMatch(s -> s.lower().compareTo(holding.get().upper()) >= 0)) {
            warnings.add(new PartitionReport.Warning(PartitionReport.Kind.NO_PREMADE_PARTITION, holding.get().name(),
                    "holds the present and is the newest partition, so rows after its end " + fallback + ": run"
                    + " partshift maintain (from cron, pg_cron or a timer) to premake partitions."));
        }
    }
}
