package org.sharerengine.shared;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job run for every shop, one shop after another, each shop in transactions of its own. A shop
 * whose run fails (a bug, data no one foresaw) is logged and named in the outcome, and the shops
 * after it still get their run: otherwise one shop would keep every later one from being settled,
 * judged or paid its team bonus, tick after tick, since it fails again each time.
 */
public final class ShopByShop {

    private static final Logger log = LoggerFactory.getLogger(ShopByShop.class);

    private ShopByShop() {
    }

    /** The sum of the shops' results, and the shops whose run failed (nothing of theirs was kept). */
    public record Outcome<R>(@JsonUnwrapped R total, List<Long> failedShops) {
    }

    public static <R> Outcome<R> run(String job, List<ShopId> shops, R zero, BinaryOperator<R> plus, Function<ShopId, R> perShop) {
        R total = zero;
        List<Long> failed = new ArrayList<>();
        for (ShopId shop : shops) {
            try {
                total = plus.apply(total, perShop.apply(shop));
            } catch (RuntimeException failure) {
                log.error("{} of shop {} failed; the other shops go on", job, shop.value(), failure);
                failed.add(shop.value());
            }
        }
        return new Outcome<>(total, List.copyOf(failed));
    }
}
