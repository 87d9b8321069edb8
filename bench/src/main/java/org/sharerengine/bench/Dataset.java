package org.sharerengine.bench;

import java.util.Map;

/**
 * A built dataset as the load phases need it: the shop and its key, and each bench sharer's
 * id, inviter and level rank (index i is sharer {@code sharerBase + i + 1}, external user id "bu" + (i + 1)).
 * Customers "bc1".."bc{customers}" exist; those whose number is not a multiple of 5 are bound to a sharer.
 */
record Dataset(long shopId, String apiKey, long sharerBase, int customers, long[] parents, int[] ranks, boolean reused,
        double buildSeconds, Map<String, Long> rowCounts) {

    int sharers() {
        return parents.length;
    }

    long sharerId(int index) {
        return sharerBase + index + 1;
    }

    String sharerExternalUserId(int index) {
        return "bu" + (index + 1);
    }

    static boolean bound(int customer) {
        return customer % 5 != 0;
    }
}
