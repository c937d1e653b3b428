package io.partshift.partitioning.lifecycle;

import io.partshift.config.BadInputException;
import io.partshift.config.MaintenanceSpec;
import io.partshift.config.Options;
import io.partshift.config.PartitioningSpec;
import io.partshift.config.TableRef;
import io.partshift.config.TimeInterval;
import io.partshift.partitioning.shadow.NameConflicts;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a table's real partition tree with its spec at "now" and writes down what {@code maintain} must do: the
 * partitions to create (premade, or wanted by rows in DEFAULT), those to expire, and what it will leave alone. Only
 * reads; every refusal (a spec that does not match the table, too many partitions, a name already taken, a move that
 * would need rights the role lacks) happens here, before anything changes.
 */
final class MaintenancePlanner {
    private final Connection c;
    private final MaintenanceSpec spec;
    private final LocalDateTime now;

    /** @param now the instant every time decision is made for (the {@code --now} of a dry run or a test) */
    MaintenancePlanner(Connection c, MaintenanceSpec spec, Instant now) {
        this.c = c;
        this.spec = spec;
        this.now = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    }

    MaintenancePlan plan(LiveTree tree) throws SQLException {
        PartitioningSpec partitioning = spec.partitioning();
        SpecMatch.check(tree, partitioning);
        LiveParent root = tree.root();
        List<String> warnings = new ArrayList<>();
        Optional<BigInteger> cutoff = partitioning.retention().map(r -> KeyPoints.time(minus(now, r)));
        NewPartitions fresh = new NewPartitions(c, tree, spec, now.toLocalDate(), warnings);
        List<MaintenanceStep.Create> creates = new ArrayList<>(fresh.plan(root, partitioning.top(),
                partitioning.sub(), true, cutoff));
        for (LivePartition partition : root.partitions()) {
            if (partition.subtree().isPresent()) {
                creates.addAll(fresh.plan(partition.subtree().get(), partitioning.sub().orElseThrow(), Optional.empty(),
                        false, Optional.empty()));
            } else if (partitioning.sub().isPresent() && !partition.isDefault()) {
                warnings.add(partition.name() + " is not partitioned by " + partitioning.sub().get().key() + " like"
                        + " the spec's partitions are: maintain leaves it as it is.");
            }
        }
        List<MaintenanceStep.Expire> expires = cutoff.isPresent() ? expirations(root, cutoff.get()) : List.of();
        pendingDetaches(root, expires, warnings);
        creates = guardMoves(tree, creates);
        requireFreeNames(root.name(), creates, expires);
        int before = root.leafCount();
        int after = before + creates.stream().mapToInt(MaintenanceStep.Create::leaves).sum()
                - expires.stream().mapToInt(MaintenanceStep.Expire::leaves).sum();
        if (after > partitioning.maxPartitions() && after > before) {
            throw new BadInputException("maintain would leave " + root.name() + " with " + after + " leaf partitions,"
                    + " more than " + Options.MAX_PARTITIONS.flag() + " " + partitioning.maxPartitions() + ": raise "
                    + Options.MAX_PARTITIONS.flag() + ", lower " + Options.PREMAKE.flag() + ", use a wider interval"
                    + " or group LIST values with " + Options.LIST_GROUP.flag() + ".");
        }
        List<MaintenanceStep> steps = new ArrayList<>(creates);
        steps.addAll(expires);
        return new MaintenancePlan(root.name(), steps, tree.insertColumns(), warnings, before, after);
    }

    /** Partitions of the table whose range ends at or before the cutoff, oldest first. */
    private List<MaintenanceStep.Expire> expirations(LiveParent root, BigInteger cutoff) {
        record Old(LivePartition partition, BigInteger lower) {
        }
        List<Old> old = new ArrayList<>();
        for (LivePartition p : root.bounded()) {
            if (p.parsedBound() instanceof LiveBound.Range r && KeyPoints.of(r.upper(), true).compareTo(cutoff) <= 0) {
                old.add(new Old(p, KeyPoints.of(r.lower(), true)));
            }
        }
        old.sort(Comparator.comparing(Old::lower));
        boolean withDefault = root.defaultPartition().isPresent();
        return old.stream().map(o -> {
            LivePartition p = o.partition();
            MaintenanceStep.DetachMode mode = p.detachPending() ? MaintenanceStep.DetachMode.FINALIZE
                    : withDefault ? MaintenanceStep.DetachMode.PLAIN : MaintenanceStep.DetachMode.CONCURRENTLY;
            List<TableRef> descendants = p.subtree().map(s -> s.descendants().stream().map(LivePartition::name).toList())
                    .orElse(List.of());
            return new MaintenanceStep.Expire(root.name(), p.name(), mode, spec.lifecycle().archiveSchema(),
                    descendants, p.subtree().map(LiveParent::leafCount).orElse(1));
        }).toList();
    }

    /** A detach someone else left half done, that retention will not finish: say so rather than touch it. */
    private static void pendingDetaches(LiveParent root, List<MaintenanceStep.Expire> expires, List<String> warnings) {
        Set<TableRef> expiring = new HashSet<>();
        expires.forEach(e -> expiring.add(e.partition()));
        for (LiveParent parent : root.parents()) {
            for (LivePartition p : parent.partitions()) {
                if (p.detachPending() && !expiring.contains(p.name())) {
                    warnings.add(p.name() + " is half detached from " + parent.name() + " (an interrupted DETACH"
                            + " PARTITION ... CONCURRENTLY): finish it with ALTER TABLE " + parent.name().sql()
                            + " DETACH PARTITION " + p.name().sql() + " FINALIZE.");
                }
            }
        }
    }

    /** Moves that would fire triggers or foreign-key actions run in replica mode, if this role may set it. */
    private List<MaintenanceStep.Create> guardMoves(LiveTree tree, List<MaintenanceStep.Create> creates)
            throws SQLException {
        Map<TableRef, Optional<String>> sideEffects = new HashMap<>();
        Map<TableRef, LivePartition> defaults = new LinkedHashMap<>();
        for (LiveParent parent : tree.root().parents()) {
            parent.defaultPartition().ifPresent(d -> defaults.put(d.name(), d));
        }
        List<MaintenanceStep.Create> guarded = new ArrayList<>();
        for (MaintenanceStep.Create create : creates) {
            if (create.defaultPartition().isEmpty()) {
                guarded.add(create);
                continue;
            }
            TableRef dflt = create.defaultPartition().get();
            if (!sideEffects.containsKey(dflt)) {
                Optional<String> effect = MoveSafety.sideEffects(c, tree.root(), defaults.get(dflt));
                if (effect.isPresent()) {
                    MoveSafety.requireReplicaRole(c, dflt, effect.get());
                }
                sideEffects.put(dflt, effect);
            }
            guarded.add(sideEffects.get(dflt).isPresent() ? create.withReplicaRole() : create);
        }
        return guarded;
    }

    /** Every name the plan creates must be free, in the table's schema and in the archive schema. */
    private void requireFreeNames(TableRef table, List<MaintenanceStep.Create> creates,
                                  List<MaintenanceStep.Expire> expires) throws SQLException {
        Map<String, List<String>> bySchema = new LinkedHashMap<>();
        Set<TableRef> planned = new HashSet<>();
        for (MaintenanceStep.Create create : creates) {
            List<TableRef> made = new ArrayList<>();
            made.add(create.partition());
            create.subPartitions().forEach(s -> made.add(s.name()));
            for (TableRef name : made) {
                if (!planned.add(name)) {
                    throw new IllegalStateException("the maintenance plan for " + table + " names " + name + " twice");
                }
                bySchema.computeIfAbsent(name.schema(), k -> new ArrayList<>()).add(name.name());
            }
        }
        for (MaintenanceStep.Expire expire : expires) {
            if (expire.archiveSchema().isPresent()) {
                List<String> moved = bySchema.computeIfAbsent(expire.archiveSchema().get(), k -> new ArrayList<>());
                moved.add(expire.partition().name());
                expire.descendants().forEach(d -> moved.add(d.name()));
            }
        }
        for (Map.Entry<String, List<String>> schema : bySchema.entrySet()) {
            List<String> taken = NameConflicts.find(c, schema.getKey(), schema.getValue());
            if (!taken.isEmpty()) {
                throw new BadInputException("schema " + schema.getKey() + " already has " + (taken.size() == 1
                        ? "a relation" : taken.size() + " relations") + " named like a partition maintain would put"
                        + " there (" + String.join(", ", taken.subList(0, Math.min(5, taken.size())))
                        + (taken.size() > 5 ? ", ..." : "") + "): drop or rename " + (taken.size() == 1 ? "it" : "them")
                        + " (a partition detached earlier, perhaps), then run maintain again.");
            }
        }
    }

    static LocalDateTime minus(LocalDateTime now, TimeInterval window) {
        return switch (window.unit()) {
            case DAY -> now.minusDays(window.amount());
            case WEEK -> now.minusWeeks(window.amount());
            case MONTH -> now.minusMonths(window.amount());
            case YEAR -> now.minusYears(window.amount());
        };
    }
}
