package org.sharerengine.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.sharerengine.shop.Shops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One command starts a working engine (README): on a database without any shop, seeds the
 * demo shop and prints how to use it; on later starts, prints the same banner again without
 * seeding. A database that has real shops and no demo shop is left alone and silent. Off with
 * {@code engine.demo.enabled=false} (ENGINE_DEMO=false), as in production and in tests.
 * <p>
 * It runs as a lifecycle phase just before the web server starts, so the port only opens once
 * the demo shop is committed: the printed key works from the first request.
 */
@Component
@ConditionalOnProperty(name = "engine.demo.enabled", havingValue = "true")
class DemoShop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoShop.class);

    private final Shops shops;
    private final DemoSeed seed;
    private final DemoBanner banner;

    DemoShop(Shops shops, DemoSeed seed, DemoBanner banner) {
        this.shops = shops;
        this.seed = seed;
        this.banner = banner;
    }

    private volatile boolean running;

    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public void start() {
        seedOrGreet();
        running = true;
    }

    private void seedOrGreet() {
        var existing = shops.all();
        if (existing.isEmpty()) {
            DemoSize size = DemoSize.FULL;
            log.info("Empty database: seeding the demo shop ({} sharers, {} orders over {} days) through the engine's services",
                    size.sharers(), size.orders(), TradePlan.HISTORY_DAYS);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            DemoSeed.Seeded seeded = seed.seed(size);
            String history = seeded.describe(Duration.ofNanos(System.nanoTime() - start),
                    Duration.ofNanos(threads.getCurrentThreadCpuTime() - startCpu));
            log.info(banner.render(seeded.shop(), history));
            return;
        }
        existing.stream().filter(shop -> shop.name().equals(DemoSeed.SHOP_NAME)).findFirst().ifPresent(shop ->
                log.info(banner.render(shop, "Kept from an earlier start, not seeded again (stop, delete ./data and start to reseed)")));
    }
}
