package org.sharerengine.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the application's heap in use every 500 ms from its actuator
 * ({@code jvm.memory.used}, area heap) while the load phases run, and keeps the highest sample.
 */
final class HeapSampler implements AutoCloseable {

    private static final String METRIC = "/actuator/metrics/jvm.memory.used?tag=area:heap";

    private final Http http;
    private final AtomicLong max = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler(Http http) {
        this.http = http.anonymous();
        this.thread = Thread.ofPlatform().daemon().name("heap-sampler").start(this::loop);
    }

    private void loop() {
        while (running) {
            long used = heapUsed(http);
            if (used >= 0) {
                max.accumulateAndGet(used, Math::max);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Bytes of heap in use now, or -1 when the actuator does not expose the metric. */
    static long heapUsed(Http http) {
        try {
            Http.Response response = http.anonymous().get(METRIC);
            if (response.status() != 200) {
                return -1;
            }
            return (long) response.json().get("measurements").get(0).get("value").asDouble();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The highest sample in bytes, or -1 when none could be taken. */
    long max() {
        return max.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
