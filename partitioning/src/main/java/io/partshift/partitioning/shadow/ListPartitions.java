package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.config.ListGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** LIST partitions: one per existing value, or one per configured value group. */
public final class ListPartitions {
    private ListPartitions() {
    }

    /**
     * One partition per distinct value, in the order given (the database's sort order).
     *
     * @param capped the profiler stopped reading values at its cap, so there are more than listed
     */
    static List<Bound.Values> perValue(List<String> values, boolean capped, int limit) {
        PartitionLimit.check(values.size(), capped, limit);
        List<String> suffixes = ListNames.suffixes(values);
        return IntStream.range(0, values.size())
                .mapToObj(i -> new Bound.Values(suffixes.get(i), List.of(values.get(i)))).toList();
    }

    /** One partition per group, named by the group, in the order the groups were given. */
    public static List<Bound.Values> groups(List<ListGroup> groups, String groupOption, int limit) {
        PartitionLimit.check(groups.size(), false, limit);
        Map<String, String> groupOfValue = new HashMap<>();
        Map<String, Boolean> names = new HashMap<>();
        List<Bound.Values> bounds = new ArrayList<>();
        for (ListGroup group : groups) {
            if (names.put(group.name(), true) != null || group.name().equals("default")) {
                throw new BadInputException(groupOption + " group name '" + group.name() + "' is "
                        + (group.name().equals("default") ? "reserved for the DEFAULT partition" : "used twice")
                        + ": give each group its own name.");
            }
            for (String value : group.values()) {
                String other = groupOfValue.put(value, group.name());
                if (other != null && !other.equals(group.name())) {
                    throw new BadInputException(groupOption + " value '" + value + "' is in both group '" + other
                            + "' and group '" + group.name() + "': a value can belong to one partition only.");
                }
            }
            bounds.add(new Bound.Values(group.name(), group.values()));
        }
        return bounds;
    }
}
