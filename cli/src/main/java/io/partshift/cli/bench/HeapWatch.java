package io.partshift.cli.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * This JVM's heap over the bench run, read from the collector's own reports. Two numbers, because each alone
 * misleads: the heap in use peaks just before a collection, so the peak mostly says how full the young generation
 * was allowed to get, while the largest heap left after a collection is what the run actually had to keep alive.
 * (Summing each pool's own peak would add peaks from different moments, and can exceed -Xmx.)
 */
final class HeapWatch implements AutoCloseable {
    private final Set<String> heapPools;
    private final AtomicLong maxBeforeGc = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;

    private HeapWatch() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Starts listening to collections. */
    static HeapWatch start() {
        HeapWatch watch = new HeapWatch();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(watch.listener, null, null);
                watch.emitters.add(emitter);
            }
        }
        return watch;
    }

    /** The most heap in use at any moment: just before a collection, or now if that is more. */
    long peakUsedBytes() {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return Math.max(maxBeforeGc.get(), now);
    }

    /** The largest heap in use right after a collection; empty when none ran. */
    Optional<Long> maxLiveAfterGcBytes() {
        long max = maxAfterGc.get();
        return max == 0 ? Optional.empty() : Optional.of(max);
    }

    /** The heap's limit, and the -Xmx flag that set it (or "default" when none was given). */
    static String maxHeap() {
        String flag = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAMPercentage"))
                .reduce((a, b) -> b)
                .orElse("no -Xmx: the JVM's default");
        return Units.bytes(Runtime.getRuntime().maxMemory()) + " (" + flag + ")";
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        maxBeforeGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        maxAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Never registered on this collector: nothing to remove.
            }
        }
    }
}
