package org.sharerengine.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop: N workers, each on a platform thread of its own, sending its next request as
 * soon as the previous one is answered. (On virtual threads every answer went through the JDK's
 * poller and a carrier hand-off: 0.14-0.17 ms of CPU per request against 0.06-0.09 on platform
 * threads with {@link Http}, on the two cores the application shares.) Every request answered after the warm-up counts, with its latency;
 * errors count from the first request on, so a failure during the warm-up still fails the phase;
 * workers send nothing new once the measured seconds are over, and the window closes with the
 * last answer, so a slow request at the end is neither dropped nor credited to less time.
 */
final class LoadGenerator {

    /** One request; returns its HTTP status (or -1 when it failed without one) and how many orders it carried. */
    interface Operation {
        Result call() throws Exception;
    }

    record Result(int status, int orders, String body) {
    }

    /** Stops the phase early, e.g. when the refund phase runs out of orders to refund. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super(null, null, false, false);
        }
    }

    private LoadGenerator() {
    }

    static Measurement run(int workers, Duration warmup, Duration measured, Set<Integer> expected, Operation operation)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        List<Worker> all = new ArrayList<>(workers);
        AtomicReference<String> firstError = new AtomicReference<>();
        try (var threads = Executors.newFixedThreadPool(workers)) {
            for (int i = 0; i < workers; i++) {
                Worker worker = new Worker();
                all.add(worker);
                threads.submit(() -> worker.loop(operation, expected, measureFrom, measureUntil, firstError));
            }
        }
        long ops = 0;
        long orders = 0;
        Map<Integer, Long> errors = new HashMap<>();
        long[] latencies = new long[all.stream().mapToInt(w -> w.count).sum()];
        int at = 0;
        long lastEnd = measureFrom;
        for (Worker worker : all) {
            ops += worker.count;
            orders += worker.orders;
            System.arraycopy(worker.latencies, 0, latencies, at, worker.count);
            at += worker.count;
            worker.errors.forEach((status, n) -> errors.merge(status, n, Long::sum));
            lastEnd = Math.max(lastEnd, worker.lastEnd);
        }
        // A phase that ran out of work early is measured up to its last answer.
        long until = all.stream().allMatch(w -> w.exhausted) ? lastEnd : Math.max(measureUntil, lastEnd);
        return Measurement.of(ops, orders, Math.max(1e-3, (until - measureFrom) / 1e9), latencies, errors, firstError.get());
    }

    private static final class Worker {
        long[] latencies = new long[1024];
        int count;
        long orders;
        long lastEnd;
        boolean exhausted;
        final Map<Integer, Long> errors = new HashMap<>();

        void loop(Operation operation, Set<Integer> expected, long measureFrom, long measureUntil, AtomicReference<String> firstError) {
            while (true) {
                long sent = System.nanoTime();
                if (sent >= measureUntil) {
                    return;
                }
                Result result;
                try {
                    result = operation.call();
                } catch (Exhausted e) {
                    exhausted = true;
                    return;
                } catch (Exception e) {
                    result = new Result(-1, 0, e.toString());
                }
                long done = System.nanoTime();
                boolean ok = expected.contains(result.status());
                if (!ok) {
                    errors.merge(result.status(), 1L, Long::sum);
                    firstError.compareAndSet(null, "HTTP " + result.status() + ": " + abbreviate(result.body()));
                }
                if (done < measureFrom) {
                    continue;
                }
                if (count == latencies.length) {
                    latencies = java.util.Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = done - sent;
                lastEnd = done;
                if (ok) {
                    orders += result.orders();
                }
            }
        }

        private static String abbreviate(String body) {
            return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
        }
    }
}
