package io.partshift.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The partitioning rules that involve more than one option. Each option was already checked on its own; here a
 * setting that belongs to another method, or is missing for this one, is an error rather than silently ignored.
 */
final class PartitioningRules {
    /** The options that shape one level: its key and the setting each method needs. */
    private record LevelOptions(OptionDef<PartitionKey> by, OptionDef<PartitionInterval> interval,
                                OptionDef<Integer> modulus, OptionDef<ListGroup> groups) {
        List<OptionDef<?>> settings() {
            return List.of(interval, modulus, groups);
        }
    }

    private static final LevelOptions TOP = new LevelOptions(Options.PARTITION_BY, Options.INTERVAL, Options.MODULUS,
            Options.LIST_GROUP);
    private static final LevelOptions SUB = new LevelOptions(Options.SUBPARTITION_BY, Options.SUB_INTERVAL,
            Options.SUB_MODULUS, Options.SUB_LIST_GROUP);

    private PartitioningRules() {
    }

    static PartitioningSpec check(SpecReader r) {
        PartitionKey topKey = r.get(Options.PARTITION_BY).orElseThrow(() -> new BadInputException("no partitioning"
                + " given: add --partition-by, e.g. --partition-by \"RANGE (created_at)\"."));
        PartitionLevel top = level(r, TOP, topKey);
        Optional<PartitionLevel> sub = r.get(Options.SUBPARTITION_BY).map(subKey -> {
            if (subKey.column().equals(topKey.column())) {
                throw new BadInputException("--subpartition-by uses column " + subKey.column() + ", which"
                        + " --partition-by already partitions by: sub-partition by a different column.");
            }
            return level(r, SUB, subKey);
        });
        if (sub.isEmpty()) {
            for (OptionDef<?> option : SUB.settings()) {
                if (r.isGiven(option)) {
                    throw new BadInputException(option.flag() + " needs --subpartition-by: add it, e.g."
                            + " --subpartition-by \"HASH (id)\", or remove " + option.flag() + ".");
                }
            }
        }
        Optional<TimeInterval> retention = r.get(Options.RETENTION);
        if (retention.isPresent() && !(top.interval().orElse(null) instanceof TimeInterval)) {
            throw new BadInputException("--retention only applies when --partition-by is RANGE over a date or"
                    + " timestamp with a time --interval, but it is " + describe(top) + ": remove --retention.");
        }
        boolean defaultPartition = r.valueOf(Options.DEFAULT_PARTITION);
        boolean allHash = top.method() == PartitionMethod.HASH
                && sub.map(s -> s.method() == PartitionMethod.HASH).orElse(true);
        if (allHash && defaultPartition && r.isGiven(Options.DEFAULT_PARTITION)) {
            throw new BadInputException("--default-partition cannot apply, because PostgreSQL allows no DEFAULT"
                    + " partition under HASH partitioning: remove --default-partition.");
        }
        int maxPartitions = r.valueOf(Options.MAX_PARTITIONS);
        if (allHash) {
            long leaves = (long) top.modulus().getAsInt() * sub.map(s -> s.modulus().getAsInt()).orElse(1);
            if (leaves > maxPartitions) {
                throw new BadInputException("the HASH moduli make " + leaves + " partitions, more than --max-partitions "
                        + maxPartitions + ": lower --modulus or --sub-modulus, or raise --max-partitions.");
            }
        }
        return new PartitioningSpec(top, sub, defaultPartition, r.valueOf(Options.PREMAKE), retention, maxPartitions);
    }

    private static PartitionLevel level(SpecReader r, LevelOptions o, PartitionKey key) {
        PartitionMethod method = key.method();
        refuseUnless(r, o.interval(), o.by(), key, method == PartitionMethod.RANGE, "RANGE");
        refuseUnless(r, o.modulus(), o.by(), key, method == PartitionMethod.HASH, "HASH");
        refuseUnless(r, o.groups(), o.by(), key, method == PartitionMethod.LIST, "LIST");
        Optional<PartitionInterval> interval = r.get(o.interval());
        if (method == PartitionMethod.RANGE && interval.isEmpty()) {
            throw new BadInputException(o.by().flag() + " " + key + " needs " + o.interval().flag() + ": add e.g. "
                    + o.interval().flag() + " \"1 month\", or a number such as 1000000 for an integer key.");
        }
        Optional<Integer> modulus = r.get(o.modulus());
        if (method == PartitionMethod.HASH && modulus.isEmpty()) {
            throw new BadInputException(o.by().flag() + " " + key + " needs " + o.modulus().flag() + ": add the number"
                    + " of partitions, e.g. " + o.modulus().flag() + " 16.");
        }
        List<ListGroup> groups = r.getAll(o.groups());
        checkGroups(o.groups(), groups);
        return new PartitionLevel(key, interval, modulus.map(OptionalInt::of).orElse(OptionalInt.empty()), groups);
    }

    private static void refuseUnless(SpecReader r, OptionDef<?> option, OptionDef<PartitionKey> by, PartitionKey key,
                                     boolean allowed, String method) {
        if (!allowed && r.isGiven(option)) {
            throw new BadInputException(option.flag() + " only applies to " + method + " partitioning, but " + by.flag()
                    + " is " + key + ": remove " + option.flag() + ".");
        }
    }

    /** Group names become partition names, and a value in two partitions' lists is refused by PostgreSQL anyway. */
    private static void checkGroups(OptionDef<ListGroup> option, List<ListGroup> groups) {
        Set<String> names = new HashSet<>();
        Map<String, String> groupOfValue = new HashMap<>();
        for (ListGroup group : groups) {
            if (!names.add(group.name())) {
                throw new BadInputException(option.flag() + " names group '" + group.name() + "' twice: give each"
                        + " group a different name.");
            }
            for (String value : group.values()) {
                String earlier = groupOfValue.putIfAbsent(value, group.name());
                if (earlier != null) {
                    throw new BadInputException(option.flag() + " lists value '" + value + "' in group '" + earlier + "'"
                            + (earlier.equals(group.name()) ? " twice" : " and in group '" + group.name() + "'")
                            + ": list each value in one group only.");
                }
            }
        }
    }

    private static String describe(PartitionLevel level) {
        return level.method() == PartitionMethod.RANGE ? level.key() + " with --interval " + level.interval().get()
                : level.key().toString();
    }
}
