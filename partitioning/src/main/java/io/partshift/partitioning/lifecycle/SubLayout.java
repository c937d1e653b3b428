package io.partshift.partitioning.lifecycle;

import io.partshift.config.Identifiers;
import io.partshift.config.MaintenanceSpec;
import io.partshift.config.Names;
import io.partshift.config.NumericInterval;
import io.partshift.config.Options;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitionMethod;
import io.partshift.config.TableRef;
import io.partshift.config.TimeInterval;
import io.partshift.partitioning.shadow.Bound;
import io.partshift.partitioning.shadow.IntegerRanges;
import io.partshift.partitioning.shadow.ListNames;
import io.partshift.partitioning.shadow.ListPartitions;
import io.partshift.partitioning.shadow.TimeRanges;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The partitions of a new top-level partition in a two-level scheme, laid out as the shadow planner lays out the
 * first ones: every HASH remainder; the LIST value groups, or one partition per value that the moving rows hold plus
 * those of the newest sibling; the premade time partitions plus those the moving rows need; and DEFAULT where the
 * spec has one. Without a DEFAULT, every row that moves in must find a partition, so none of its slots is left out.
 */
final class SubLayout {
    private final Connection c;
    private final LiveTree tree;
    private final MaintenanceSpec spec;
    private final LocalDate today;
    private final Names names;

    SubLayout(Connection c, LiveTree tree, MaintenanceSpec spec, LocalDate today) {
        this.c = c;
        this.tree = tree;
        this.spec = spec;
        this.today = today;
        this.names = spec.names();
    }

    /**
     * @param dflt      the table's DEFAULT partition, whose rows matching {@code condition} move into the new one
     * @param condition which of DEFAULT's rows belong in the new partition
     */
    List<MaintenanceStep.SubPartition> partitions(TableRef newPartition, PartitionLevel level,
                                                  Optional<LivePartition> dflt, String condition) throws SQLException {
        boolean withDefault = spec.partitioning().defaultPartition() && level.method() != PartitionMethod.HASH;
        String column = Identifiers.quote(level.column());
        List<Bound> bounds = switch (level.method()) {
            case HASH -> List.copyOf(Bound.Hash.all(level.modulus().getAsInt()));
            case LIST -> level.groups().isEmpty() ? perValue(dflt, column, condition)
                    : List.copyOf(ListPartitions.groups(level.groups(), Options.SUB_LIST_GROUP.flag(), Integer.MAX_VALUE));
            case RANGE -> level.interval().get() instanceof TimeInterval time
                    ? time(time, level.column(), dflt, column, condition, withDefault)
                    : integer((NumericInterval) level.interval().get(), level.column(), dflt, column, condition);
        };
        List<MaintenanceStep.SubPartition> subs = new ArrayList<>();
        for (Bound b : bounds) {
            subs.add(new MaintenanceStep.SubPartition(names.subPartition(newPartition, b.suffix()), b.clause()));
        }
        if (withDefault) {
            subs.add(new MaintenanceStep.SubPartition(names.subPartition(newPartition, "default"), "DEFAULT"));
        }
        return subs;
    }

    private List<Bound> perValue(Optional<LivePartition> dflt, String column, String condition) throws SQLException {
        Set<String> values = new LinkedHashSet<>();
        newestSibling().ifPresent(s -> s.bounded().forEach(p -> {
            if (p.parsedBound() instanceof LiveBound.ListIn in) {
                values.addAll(in.values());
            }
        }));
        if (dflt.isPresent()) {
            values.addAll(DefaultRows.values(c, dflt.get().name(), column, condition, Integer.MAX_VALUE).keySet());
        }
        List<String> ordered = List.copyOf(values);
        List<String> suffixes = ListNames.suffixes(ordered);
        List<Bound> bounds = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            bounds.add(new Bound.Values(suffixes.get(i), List.of(ordered.get(i))));
        }
        return bounds;
    }

    private List<Bound> time(TimeInterval interval, String columnName, Optional<LivePartition> dflt, String column,
                             String condition, boolean withDefault) throws SQLException {
        TimeRanges.Kind kind = tree.baseType(columnName).flatMap(TimeRanges.Kind::of).orElseThrow();
        TimeWindow window = TimeWindow.of(interval, today, spec.partitioning().premake(), Optional.empty());
        SortedSet<LocalDate> starts = new TreeSet<>(window.premade());
        if (dflt.isPresent()) {
            for (LocalDate day : DefaultRows.days(c, dflt.get().name(), column, kind, condition).keySet()) {
                LocalDate slot = window.slot(day);
                if (!withDefault || window.place(slot) == TimeWindow.Place.INSIDE) {
                    starts.add(slot);
                }
            }
        }
        return starts.stream().map(s -> (Bound) TimeRanges.range(s, interval, kind)).toList();
    }

    private List<Bound> integer(NumericInterval interval, String columnName, Optional<LivePartition> dflt,
                                String column, String condition) throws SQLException {
        BigInteger step = interval.step();
        BigInteger[] limits = tree.baseType(columnName).flatMap(IntegerRanges::typeLimits).orElseThrow();
        SortedSet<BigInteger> starts = new TreeSet<>();
        newestSibling().ifPresent(s -> s.bounded().forEach(p -> {
            if (p.parsedBound() instanceof LiveBound.Range r && r.lower().kind() == LiveBound.Edge.Kind.VALUE) {
                starts.add(IntegerRanges.floor(new BigInteger(r.lower().text()), step));
            }
        }));
        if (dflt.isPresent()) {
            starts.addAll(DefaultRows.integerSlots(c, dflt.get().name(), column, step, condition).keySet());
        }
        return starts.stream().map(s -> (Bound) IntegerRanges.range(s, step, limits[0], limits[1])).toList();
    }

    /** The most recently created partition that is partitioned again: the template for a new one's values. */
    private Optional<LiveParent> newestSibling() {
        return tree.root().partitions().stream().filter(p -> p.subtree().isPresent())
                .max(Comparator.comparingLong(LivePartition::oid)).flatMap(LivePartition::subtree);
    }
}
