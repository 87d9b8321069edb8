package org.sharerengine.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic orders for the load phases: 1–3 lines of the catalog's products; the customer is
 * one of the dataset's (bound ones are attributed by their binding) and an unbound customer's
 * order names a sharer by external user id, as WeChat Channels' sharer_info does.
 */
final class OrderMaker {

    /** An order as sent, kept for the refund phase. */
    record Sent(String orderId, List<Map<String, Object>> lines) {
    }

    private final Dataset dataset;
    private final String run;
    private final AtomicLong sequence = new AtomicLong();

    OrderMaker(Dataset dataset, String run) {
        this.dataset = dataset;
        this.run = run;
    }

    Map<String, Object> next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int customer = 1 + random.nextInt(dataset.customers());
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", prefix + "-" + run + "-" + sequence.incrementAndGet());
        order.put("customerId", "bc" + customer);
        if (!Dataset.bound(customer)) {
            order.put("sharerExternalUserId", dataset.sharerExternalUserId(skewedSharer(random)));
        }
        int lineCount = random.nextInt(10) < 6 ? 1 : random.nextInt(10) < 7 ? 2 : 3;
        List<Map<String, Object>> lines = new ArrayList<>(lineCount);
        for (int j = 1; j <= lineCount; j++) {
            int product = 1 + random.nextInt(Catalog.PRODUCTS);
            int quantity = 1 + random.nextInt(3);
            lines.add(Map.of("lineId", "l" + j, "productId", Catalog.productId(product), "quantity", quantity,
                    "amountFen", quantity * Catalog.priceFen(product)));
        }
        order.put("lines", lines);
        return order;
    }

    /** Like the dataset: a few sharers sell most. */
    int skewedSharer(ThreadLocalRandom random) {
        double u = random.nextDouble();
        return (int) Math.min(dataset.sharers() - 1, Math.floor(dataset.sharers() * u * u));
    }
}
