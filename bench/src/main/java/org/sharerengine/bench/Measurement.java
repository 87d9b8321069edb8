package org.sharerengine.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** What one load phase measured: operations and orders in the measured window, their latencies, and the errors by status. */
record Measurement(long ops, long orders, double seconds, long[] latenciesNanos, Map<Integer, Long> errors, String firstError) {

    static Measurement of(long ops, long orders, double seconds, long[] latencies, Map<Integer, Long> errors, String firstError) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Measurement(ops, orders, seconds, sorted, new TreeMap<>(errors), firstError);
    }

    double opsPerSecond() {
        return ops / seconds;
    }

    double ordersPerSecond() {
        return orders / seconds;
    }

    /** The latency at or below which {@code fraction} of the operations finished, in milliseconds. */
    double percentileMs(double fraction) {
        if (latenciesNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(fraction * latenciesNanos.length) - 1;
        return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, index))] / 1e6;
    }

    double maxMs() {
        return latenciesNanos.length == 0 ? Double.NaN : latenciesNanos[latenciesNanos.length - 1] / 1e6;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
