package io.partshift.cli.bench;

import io.partshift.pipeline.lag.LagReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Notes the moment each new lag report appears (the monitor takes one every 250 ms), so the applier's rate can be
 * measured between the first and the last report in which it made progress: the engine's start before and the idle
 * tail after stay out of the number.
 */
final class ReportSampler implements AutoCloseable {
    private static final long POLL_MILLIS = 5;

    private record Sample(long nanos, long appliedEvents) {
    }

    private final RunningMigration migration;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    private ReportSampler(RunningMigration migration) {
        this.migration = migration;
        this.thread = new Thread(this::poll, "bench-report-sampler");
        this.thread.setDaemon(true);
    }

    static ReportSampler start(RunningMigration migration) {
        ReportSampler sampler = new ReportSampler(migration);
        sampler.thread.start();
        return sampler;
    }

    private void poll() {
        LagReport last = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                LagReport report = migration.lag().orElse(null);
                if (report != null && report != last) {
                    last = report;
                    synchronized (samples) {
                        samples.add(new Sample(System.nanoTime(), report.appliedEvents()));
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events per second between the first report showing applied events and the last one that showed more. */
    Optional<Double> busyRate() {
        List<Sample> s = snapshot();
        int first = firstBusy(s);
        int last = lastProgress(s);
        if (first < 0 || last <= first) {
            return Optional.empty();
        }
        double seconds = (s.get(last).nanos() - s.get(first).nanos()) / 1e9;
        return Optional.of((s.get(last).appliedEvents() - s.get(first).appliedEvents()) / seconds);
    }

    /** Why {@link #busyRate()} is empty. */
    String whyNoRate() {
        return "the backlog was worked off within one 250 ms lag report";
    }

    private List<Sample> snapshot() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private static int firstBusy(List<Sample> s) {
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).appliedEvents() > 0) {
                return i;
            }
        }
        return -1;
    }

    private static int lastProgress(List<Sample> s) {
        for (int i = s.size() - 1; i > 0; i--) {
            if (s.get(i).appliedEvents() > s.get(i - 1).appliedEvents()) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(1_000);
    }
}
