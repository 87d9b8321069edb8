package org.sharerengine.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sharerengine.attribution.Share;
import org.sharerengine.order.OrderRequest;

/** What a customer puts in the basket: one to three products by popularity, mostly one unit each. */
final class Basket {

    /** The shop's standing offer: ¥20 off a line of ¥200 or more, taken by one customer in five. */
    private static final long OFFER_FROM_FEN = 200_00;
    private static final long OFFER_FEN = 20_00;

    private final Random random;
    private final List<DemoCatalog.Item> items;
    private final int totalPopularity;

    Basket(Random random, List<DemoCatalog.Item> items) {
        this.random = random;
        this.items = List.copyOf(items);
        this.totalPopularity = items.stream().mapToInt(DemoCatalog.Item::popularity).sum();
    }

    /** A product link puts its product in the basket first. */
    DemoCatalog.Item featured(Share share) {
        if (share.targetType() != Share.TargetType.PRODUCT) {
            return null;
        }
        return items.stream().filter(i -> i.productId().equals(share.targetId())).findFirst().orElse(null);
    }

    List<OrderRequest.Line> lines(String orderId, DemoCatalog.Item featured) {
        double size = random.nextDouble();
        int count = size < 0.72 ? 1 : size < 0.95 ? 2 : 3;
        List<DemoCatalog.Item> chosen = new ArrayList<>();
        if (featured != null) {
            chosen.add(featured);
        }
        while (chosen.size() < count) {
            DemoCatalog.Item item = popular();
            if (!chosen.contains(item)) {
                chosen.add(item);
            }
        }
        List<OrderRequest.Line> lines = new ArrayList<>();
        for (DemoCatalog.Item item : chosen) {
            double units = random.nextDouble();
            int quantity = units < 0.75 ? 1 : units < 0.93 ? 2 : 3;
            long amount = item.priceFen() * quantity;
            if (amount >= OFFER_FROM_FEN && random.nextInt(5) == 0) {
                amount -= OFFER_FEN;
            }
            lines.add(new OrderRequest.Line(orderId + "-" + (lines.size() + 1), item.productId(), quantity, amount));
        }
        return List.copyOf(lines);
    }

    private DemoCatalog.Item popular() {
        int pick = random.nextInt(totalPopularity);
        for (DemoCatalog.Item item : items) {
            pick -= item.popularity();
            if (pick < 0) {
                return item;
            }
        }
        throw new IllegalStateException("popularity weights changed while picking");
    }
}
