package io.partshift.partitioning.lifecycle;

import io.partshift.config.BadInputException;
import io.partshift.config.MaintenanceSpec;
import io.partshift.config.Names;
import io.partshift.config.NumericInterval;
import io.partshift.config.Options;
import io.partshift.config.PartitionLevel;
import io.partshift.config.TableRef;
import io.partshift.config.TimeInterval;
import io.partshift.partitioning.shadow.Bound;
import io.partshift.partitioning.shadow.IntegerRanges;
import io.partshift.partitioning.shadow.ListNames;
import io.partshift.partitioning.shadow.ListPartitions;
import io.partshift.partitioning.shadow.NameConflicts;
import io.partshift.partitioning.shadow.TimeRanges;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The partitions one parent lacks at "now": the premade RANGE partitions, and a partition for every bucket of rows
 * its DEFAULT holds that has a place in the spec (a time slot within the window, a new LIST value, a configured value
 * group). A new partition of a two-level scheme comes with its own partitions, laid out like the shadow planner lays
 * out the first ones. Only reads.
 */
final class NewPartitions {
    private final Connection c;
    private final LiveTree tree;
    private final MaintenanceSpec spec;
    private final LocalDate today;
    private final List<String> warnings;
    private final Names names;

    /** @param warnings where what maintain will leave as it is gets said */
    NewPartitions(Connection c, LiveTree tree, MaintenanceSpec spec, LocalDate today, List<String> warnings) {
        this.c = c;
        this.tree = tree;
        this.spec = spec;
        this.today = today;
        this.warnings = warnings;
        this.names = spec.names();
    }

    /**
     * @param top    {@code parent} is the table itself (its new partitions get {@code sub} inside, and names from
     *               {@link Names#partition})
     * @param cutoff the retention cutoff, for the table itself
     */
    List<MaintenanceStep.Create> plan(LiveParent parent, PartitionLevel level, Optional<PartitionLevel> sub,
                                      boolean top, Optional<BigInteger> cutoff) throws SQLException {
        return switch (level.method()) {
            case RANGE -> level.interval().get() instanceof TimeInterval time
                    ? time(parent, time, sub, top, cutoff) : integer(parent, (NumericInterval) level.interval().get(),
                    sub, top);
            case LIST -> list(parent, level, sub, top);
            case HASH -> {
                hashWarnings(parent, level.modulus().getAsInt());
                yield List.of();
            }
        };
    }

    private List<MaintenanceStep.Create> time(LiveParent parent, TimeInterval interval, Optional<PartitionLevel> sub,
                                              boolean top, Optional<BigInteger> cutoff) throws SQLException {
        TimeRanges.Kind kind = parent.key().timeKind().orElseThrow();
        Optional<LivePartition> dflt = parent.defaultPartition();
        TimeWindow window = TimeWindow.of(interval, today, spec.partitioning().premake(), cutoff);
        SortedMap<LocalDate, Long> wanted = new TreeMap<>();
        window.premade().forEach(s -> wanted.put(s, 0L));
        long after = 0;
        long before = 0;
        if (dflt.isPresent()) {
            for (Map.Entry<LocalDate, Long> day : DefaultRows.days(c, dflt.get().name(), parent.key().columnSql(), kind,
                    "true").entrySet()) {
                LocalDate slot = window.slot(day.getKey());
                switch (window.place(slot)) {
                    case INSIDE -> wanted.merge(slot, day.getValue(), Long::sum);
                    case AFTER -> after += day.getValue();
                    case BEFORE -> before += day.getValue();
                }
            }
        }
        if (after > 0) {
            warnings.add(after + " row" + plural(after) + " in " + dflt.get().name() + " " + (after == 1 ? "is" : "are")
                    + " dated from " + window.end() + " on, past the premade partitions, and stay there: raise "
                    + Options.PREMAKE.flag() + " if such rows are expected, or check where they come from.");
        }
        if (before > 0) {
            warnings.add(before + " row" + plural(before) + " in " + dflt.get().name() + " " + (before == 1 ? "is"
                    : "are") + " older than the " + Options.RETENTION.flag() + " window and stay there: retention"
                    + " detaches partitions and never deletes rows, so delete or archive them yourself.");
        }
        List<RangeCoverage.Span> existing = spans(parent, true);
        List<MaintenanceStep.Create> creates = new ArrayList<>();
        for (Map.Entry<LocalDate, Long> slot : wanted.entrySet()) {
            Bound.Range bound = TimeRanges.range(slot.getKey(), interval, kind);
            BigInteger lower = KeyPoints.time(slot.getKey());
            BigInteger upper = KeyPoints.time(TimeRanges.next(slot.getKey(), interval));
            if (covered(parent, bound, lower, upper, existing, slot.getValue())) {
                continue;
            }
            creates.add(create(parent, bound, sub, top, dflt, slot.getValue()));
        }
        return creates;
    }

    private List<MaintenanceStep.Create> integer(LiveParent parent, NumericInterval interval,
                                                 Optional<PartitionLevel> sub, boolean top) throws SQLException {
        BigInteger step = interval.step();
        BigInteger[] limits = parent.key().baseType().flatMap(IntegerRanges::typeLimits).orElseThrow();
        Optional<LivePartition> dflt = parent.defaultPartition();
        String column = parent.key().columnSql();
        // Premade partitions follow the largest key outside DEFAULT; DEFAULT's own rows get partitions below.
        String outsideDefault = dflt.map(d -> "tableoid <> " + d.oid() + "::oid").orElse("true");
        Optional<BigInteger> max = DefaultRows.max(c, parent.name(), column, outsideDefault);
        SortedMap<BigInteger, Long> wanted = new TreeMap<>();
        BigInteger start = IntegerRanges.floor(max.orElse(BigInteger.ZERO), step);
        for (int i = 0; i <= spec.partitioning().premake() && start.compareTo(limits[1]) <= 0; i++) {
            wanted.put(start, 0L);
            start = start.add(step);
        }
        if (dflt.isPresent()) {
            DefaultRows.integerSlots(c, dflt.get().name(), column, step, "true")
                    .forEach((slot, rows) -> wanted.merge(slot, rows, Long::sum));
        }
        List<RangeCoverage.Span> existing = spans(parent, false);
        List<MaintenanceStep.Create> creates = new ArrayList<>();
        for (Map.Entry<BigInteger, Long> slot : wanted.entrySet()) {
            Bound.Range bound = IntegerRanges.range(slot.getKey(), step, limits[0], limits[1]);
            BigInteger lower = bound.from().equals("MINVALUE") ? KeyPoints.MIN : slot.getKey();
            BigInteger upper = bound.to().equals("MAXVALUE") ? KeyPoints.MAX : slot.getKey().add(step);
            if (!covered(parent, bound, lower, upper, existing, slot.getValue())) {
                creates.add(create(parent, bound, sub, top, dflt, slot.getValue()));
            }
        }
        return creates;
    }

    /** Whether an existing partition already takes the slot; a partial overlap is reported and left alone. */
    private boolean covered(LiveParent parent, Bound.Range bound, BigInteger lower, BigInteger upper,
                            List<RangeCoverage.Span> existing, long rowsInDefault) {
        RangeCoverage.Result coverage = RangeCoverage.of(lower, upper, existing);
        if (coverage.kind() == RangeCoverage.Kind.PARTIAL) {
            warnings.add("the partition " + bound.clause() + " that the spec wants in " + parent.name() + " overlaps "
                    + coverage.overlapping().stream().map(TableRef::toString).toList() + " only partly, so maintain"
                    + " leaves that range as it is" + (rowsInDefault > 0 ? " (" + rowsInDefault + " row"
                    + plural(rowsInDefault) + " of it stay in DEFAULT)" : "") + ": make the spec's interval match the"
                    + " existing partitions.");
        }
        return coverage.kind() != RangeCoverage.Kind.NONE;
    }

    private List<MaintenanceStep.Create> list(LiveParent parent, PartitionLevel level, Optional<PartitionLevel> sub,
                                              boolean top) throws SQLException {
        Optional<LivePartition> dflt = parent.defaultPartition();
        Set<String> existing = new LinkedHashSet<>();
        parent.bounded().forEach(p -> {
            if (p.parsedBound() instanceof LiveBound.ListIn in) {
                existing.addAll(in.values());
            }
        });
        int limit = spec.partitioning().maxPartitions();
        String column = parent.key().columnSql();
        Map<String, Long> inDefault = dflt.isEmpty() ? Map.of()
                : DefaultRows.values(c, dflt.get().name(), column, "true", limit + 1);
        List<MaintenanceStep.Create> creates = new ArrayList<>();
        if (level.groups().isEmpty()) {
            if (inDefault.size() > limit) {
                throw new BadInputException(dflt.get().name() + " holds more than " + limit + " distinct values of "
                        + level.column() + ", more partitions than " + Options.MAX_PARTITIONS.flag() + " allows: group"
                        + " the values with " + Options.LIST_GROUP.flag() + ", sub-partition by HASH instead of a"
                        + " partition per value, or raise " + Options.MAX_PARTITIONS.flag() + ".");
            }
            List<String> fresh = inDefault.keySet().stream().filter(v -> !existing.contains(v)).toList();
            List<String> suffixes = ListNames.suffixes(fresh);
            for (int i = 0; i < fresh.size(); i++) {
                String value = fresh.get(i);
                String suffix = suffixes.get(i);
                if (isTaken(childName(parent, top, suffix))) {
                    suffix = ListNames.hashedSuffix(value); // e.g. "a-b" after "a_b" made l_a_b
                }
                creates.add(create(parent, new Bound.Values(suffix, List.of(value)), sub, top, dflt,
                        inDefault.get(value)));
            }
            if (dflt.isPresent()) {
                long nulls = DefaultRows.count(c, dflt.get().name(), column + " IS NULL");
                if (nulls > 0) {
                    warnings.add(nulls + " row" + plural(nulls) + " in " + dflt.get().name() + " hold NULL in "
                            + level.column() + " and stay there: maintain makes no partition for NULL.");
                }
            }
            return creates;
        }
        Set<String> grouped = new LinkedHashSet<>();
        String flag = (top ? Options.LIST_GROUP : Options.SUB_LIST_GROUP).flag();
        for (Bound.Values group : ListPartitions.groups(level.groups(), flag, Integer.MAX_VALUE)) {
            grouped.addAll(group.values());
            List<String> present = group.values().stream().filter(existing::contains).toList();
            if (present.isEmpty()) {
                long rows = group.values().stream().mapToLong(v -> inDefault.getOrDefault(v, 0L)).sum();
                creates.add(create(parent, group, sub, top, dflt, rows));
            } else if (present.size() < group.values().size()) {
                List<String> missing = group.values().stream().filter(v -> !existing.contains(v)).toList();
                warnings.add("group " + group.suffix() + " of " + flag + " lists " + missing + ", which no partition of "
                        + parent.name() + " holds, while others of the group have a partition: PostgreSQL cannot add"
                        + " values to a partition's bounds, so put them in a new group.");
            }
        }
        List<String> ungrouped = inDefault.keySet().stream().filter(v -> !grouped.contains(v)).toList();
        if (!ungrouped.isEmpty()) {
            long rows = ungrouped.stream().mapToLong(inDefault::get).sum();
            warnings.add(rows + " row" + plural(rows) + " in " + dflt.get().name() + " hold values in no " + flag + " ("
                    + String.join(", ", ungrouped.subList(0, Math.min(5, ungrouped.size())))
                    + (ungrouped.size() > 5 ? ", ..." : "") + ") and stay there: add a group for them if they should"
                    + " have a partition.");
        }
        return creates;
    }

    private void hashWarnings(LiveParent parent, int modulus) {
        for (LivePartition p : parent.bounded()) {
            if (p.parsedBound() instanceof LiveBound.Hash h && h.modulus() != modulus) {
                warnings.add(p.name() + " has HASH modulus " + h.modulus() + " while the spec says " + modulus
                        + ": maintain never changes HASH partitions.");
                return;
            }
        }
    }

    private MaintenanceStep.Create create(LiveParent parent, Bound bound, Optional<PartitionLevel> sub, boolean top,
                                          Optional<LivePartition> dflt, long rowsInDefault) throws SQLException {
        TableRef name = childName(parent, top, bound.suffix());
        String condition = RowConditions.of(parent.key().columnSql(), bound);
        String check = parent.partitionConstraint().map(pc -> condition + " AND " + pc).orElse(condition);
        Optional<PartitionLevel> inside = top ? sub : Optional.empty();
        List<MaintenanceStep.SubPartition> subs = inside.isEmpty() ? List.of()
                : new SubLayout(c, tree, spec, today).partitions(name, inside.get(), dflt, condition);
        if (inside.isPresent() && subs.isEmpty()) {
            throw new BadInputException("the new partition " + name + " would have no partitions of its own: its rows"
                    + " hold no " + inside.get().column() + " value and no sibling shows which to make, so give "
                    + Options.SUB_LIST_GROUP.flag() + " groups or enable " + Options.DEFAULT_PARTITION.flag() + ".");
        }
        return new MaintenanceStep.Create(name, parent.name(), bound.clause(), inside.map(s -> s.key().sql()), subs,
                dflt.map(LivePartition::name), condition, check, rowsInDefault, false);
    }

    private TableRef childName(LiveParent parent, boolean top, String suffix) {
        return top ? names.partition(suffix) : names.subPartition(parent.name(), suffix);
    }

    private boolean isTaken(TableRef name) throws SQLException {
        return !NameConflicts.find(c, name.schema(), List.of(name.name())).isEmpty();
    }

    /** The parent's RANGE partitions on the key's number line. */
    private static List<RangeCoverage.Span> spans(LiveParent parent, boolean time) {
        List<RangeCoverage.Span> spans = new ArrayList<>();
        for (LivePartition p : parent.bounded()) {
            if (p.parsedBound() instanceof LiveBound.Range r) {
                spans.add(new RangeCoverage.Span(p.name(), KeyPoints.of(r.lower(), time), KeyPoints.of(r.upper(), time)));
            }
        }
        spans.sort(Comparator.comparing(RangeCoverage.Span::lower));
        return spans;
    }

    static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
