package org.sharerengine.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the report. {@code measurement} is null for a phase that was not available (the
 * endpoint answered 404) and for the heap, which is sampled, not timed. {@code target} says what
 * the issue asks of the row and {@code pass} whether this run met it (null: not judged here).
 */
record Phase(String name, String path, String status, Measurement measurement, Double ordersPerSecond, Double ceilingRatio,
        String target, Boolean pass, Map<String, Object> details) {

    static final String OK = "ok";
    static final String NOT_AVAILABLE = "not available";

    static Phase measured(String name, String path, Measurement m, boolean carriesOrders) {
        return new Phase(name, path, OK, m, carriesOrders ? m.ordersPerSecond() : null, null, null, null, new LinkedHashMap<>());
    }

    static Phase notAvailable(String name, String path) {
        return new Phase(name, path, NOT_AVAILABLE, null, null, null, null, null, new LinkedHashMap<>());
    }

    Phase judged(String target, Boolean pass) {
        return new Phase(name, path, status, measurement, ordersPerSecond, ceilingRatio, target, pass, details);
    }

    /** The same phase with {@code more} details (e.g. the WAL of its window). */
    Phase with(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.putAll(more);
        return new Phase(name, path, status, measurement, ordersPerSecond, ceilingRatio, target, pass, all);
    }

    Phase against(double ceilingOrdersPerSecond) {
        Double ratio = ordersPerSecond == null || ceilingOrdersPerSecond <= 0 ? null : ordersPerSecond / ceilingOrdersPerSecond;
        return new Phase(name, path, status, measurement, ordersPerSecond, ratio, target, pass, details);
    }

    long errors() {
        return measurement == null ? 0 : measurement.errorCount();
    }

    /** Zero throughput in a phase that ran is a failure as much as an error is. */
    boolean failed() {
        return OK.equals(status) && measurement != null && (errors() > 0 || measurement.ops() == 0);
    }
}
