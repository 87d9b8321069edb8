package org.sharerengine.bench;

/**
 * How many single orders the application stored per intake group, from its actuator
 * ({@code engine.intake.group.orders}): a group is one transaction, so the mean over a phase is the
 * transaction size at which single intake wrote.
 */
record GroupSizes(double groups, double orders) {

    private static final String METRIC = "/actuator/metrics/engine.intake.group.orders";

    /** The counts so far, or null when the application does not expose them (grouping off, an older build, metrics closed). */
    static GroupSizes read(Http http) {
        try {
            Http.Response response = http.anonymous().get(METRIC);
            if (response.status() != 200) {
                return null;
            }
            double groups = 0;
            double orders = 0;
            for (var measurement : response.json().get("measurements")) {
                switch (measurement.get("statistic").asString()) {
                    case "COUNT" -> groups = measurement.get("value").asDouble();
                    case "TOTAL" -> orders = measurement.get("value").asDouble();
                    default -> {
                    }
                }
            }
            return new GroupSizes(groups, orders);
        } catch (Exception e) {
            return null;
        }
    }

    /** Orders per group between {@code before} and this reading, or null when no group was taken. */
    Double meanSince(GroupSizes before) {
        double taken = groups - before.groups;
        return taken <= 0 ? null : (orders - before.orders) / taken;
    }
}
