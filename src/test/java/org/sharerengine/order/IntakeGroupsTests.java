package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ShopId;

/** How many groups of one shop run at once on one instance, and in what order they write. */
class IntakeGroupsTests {

    /**
     * Stores nothing. Holds each group's reading until released (unless all its orders are quick),
     * then waits for the group's turn and writes down its orders' hashes; counts how many groups
     * run, and how many write, at once.
     */
    private static final class HeldIntake implements IntakeGroups.Intake {
        volatile CountDownLatch release = new CountDownLatch(1);
        final Set<String> quick = ConcurrentHashMap.newKeySet();
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger writing = new AtomicInteger();
        final AtomicInteger mostWritingAtOnce = new AtomicInteger();
        final List<String> written = new CopyOnWriteArrayList<>();
        final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
        final Set<Thread> writers = ConcurrentHashMap.newKeySet();

        private void receive(List<IntakeGroups.Order> orders, IntakeGroups.WriteTurn turn) {
            groupSizes.add(orders.size());
            writers.add(Thread.currentThread());
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (!orders.stream().allMatch(order -> quick.contains(order.hash()))) {
                    release.await(10, TimeUnit.SECONDS);
                }
                if (orders.stream().anyMatch(order -> failing.contains(order.hash()))) {
                    throw new IllegalStateException("the group could not be read");
                }
                turn.await();
                mostWritingAtOnce.accumulateAndGet(writing.incrementAndGet(), Math::max);
                orders.forEach(order -> written.add(order.hash()));
                // A write that takes a while, so that another one overlapping it would be seen.
                Thread.sleep(20);
                writing.decrementAndGet();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public Receipt<OrderView> alone(ShopId shop, IntakeGroups.Order order, Instant receivedAt, IntakeGroups.WriteTurn turn) {
            receive(List.of(order), turn);
            return new Receipt<>(null, false);
        }

        @Override
        public List<IntakeGroups.Answer> together(ShopId shop, List<IntakeGroups.Order> orders, Instant receivedAt,
                IntakeGroups.WriteTurn turn) {
            receive(orders, turn);
            return orders.stream().map(order -> IntakeGroups.Answer.of(new Receipt<>(null, false))).toList();
        }
    }

    @Test
    void oneTransactionOfAShopAtATimeByDefault() throws Exception {
        assertThat(mostAtOnce(1)).isEqualTo(1);
    }

    @Test
    void asManyAsAreLetInFlight() throws Exception {
        assertThat(mostAtOnce(2)).isEqualTo(2);
    }

    /**
     * Groups are stored on platform threads, which the operating system wakes as soon as the
     * database answers, not on the callers' virtual threads, which would queue behind every other
     * request ready to run.
     */
    @Test
    void groupsAreStoredOnPlatformThreadsNotOnTheCallers() throws Exception {
        HeldIntake intake = new HeldIntake();
        mostAtOnce(intake, 2, sizes());
        assertThat(intake.writers).isNotEmpty().noneMatch(Thread::isVirtual)
                .allSatisfy(writer -> assertThat(writer.getName()).startsWith("intake-writer-"));
    }

    /**
     * Two groups ending together while others queue: each writer takes its own group off the
     * queue, so no group is left counted as running that no writer stores (in-flight 2 would then
     * run one at a time).
     */
    @Test
    void groupsEndingTogetherLeaveNoGroupCountedThatNoWriterStores() throws Exception {
        ShopId shop = new ShopId(1);
        HeldIntake intake = new HeldIntake();
        IntakeGroups groups = new IntakeGroups(intake, Clock.systemUTC(), 64, 2, Duration.ZERO, sizes());
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 20; round++) {
                intake.release = new CountDownLatch(1);
                List<Future<Receipt<OrderView>>> answers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    IntakeGroups.Order order = new IntakeGroups.Order(null, "hash-" + round + "-" + i);
                    answers.add(callers.submit(() -> groups.receive(shop, order)));
                    if (i == 1) {
                        // The first two lead a group each; the next four queue behind them.
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (intake.running.get() < 2 && System.nanoTime() < deadline) {
                            Thread.sleep(1);
                        }
                    }
                }
                Thread.sleep(20);
                intake.release.countDown();
                for (Future<Receipt<OrderView>> answer : answers) {
                    assertThat(answer.get(10, TimeUnit.SECONDS).replayed()).isFalse();
                }
                assertThat(groups.running(shop)).as("groups counted as running once round %s is answered", round).isZero();
            }
        }
    }

    /**
     * With two groups in flight, the second reads while the first is still reading, but writes only
     * once the first has written: the order they were taken in, which is their orders' id order.
     */
    @Test
    void groupsWriteOneAtATimeInTheOrderTheyWereTaken() throws Exception {
        HeldIntake intake = new HeldIntake();
        intake.quick.add("second");
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            TwoGroups sent = twoGroups(callers, intake, "first", "second");
            Thread.sleep(100);
            assertThat(intake.written).as("written while the first group still reads").isEmpty();
            intake.release.countDown();
            assertThat(sent.first().get(10, TimeUnit.SECONDS).replayed()).isFalse();
            assertThat(sent.second().get(10, TimeUnit.SECONDS).replayed()).isFalse();
        }
        assertThat(intake.written).containsExactly("first", "second");
        assertThat(intake.mostWritingAtOnce.get()).isEqualTo(1);
    }

    /** A group that fails before its turn still passes the turn on: the group after it writes, and nobody waits for ever. */
    @Test
    void aGroupThatFailsBeforeItsTurnLetsTheNextOneWrite() throws Exception {
        HeldIntake intake = new HeldIntake();
        intake.failing.add("bad");
        intake.quick.add("good");
        IntakeGroups groups;
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            TwoGroups sent = twoGroups(callers, intake, "bad", "good");
            groups = sent.groups();
            intake.release.countDown();
            assertThatThrownBy(() -> sent.first().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
            assertThat(sent.second().get(10, TimeUnit.SECONDS).replayed()).isFalse();
        }
        assertThat(intake.written).containsExactly("good");
        assertThat(groups.running(new ShopId(1))).isZero();
    }

    /** An intake that answers fewer orders than it was given leaves no caller waiting: those without an answer are refused. */
    @Test
    void aGroupAnsweredShortRefusesTheUnansweredInsteadOfLeavingThemWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        IntakeGroups.Intake shortAnswers = new IntakeGroups.Intake() {
            @Override
            public Receipt<OrderView> alone(ShopId shop, IntakeGroups.Order order, Instant receivedAt, IntakeGroups.WriteTurn turn) {
                try {
                    // Holds the first order's group, so that the others queue into one group behind it.
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                return new Receipt<>(null, false);
            }

            @Override
            public List<IntakeGroups.Answer> together(ShopId shop, List<IntakeGroups.Order> orders, Instant receivedAt,
                    IntakeGroups.WriteTurn turn) {
                return List.of(IntakeGroups.Answer.of(new Receipt<>(null, false)));
            }
        };
        IntakeGroups groups = new IntakeGroups(shortAnswers, Clock.systemUTC(), 64, 1, Duration.ZERO, sizes());
        ShopId shop = new ShopId(1);
        // Not closed at the end (which would wait for every caller): a caller left waiting fails the test, not hangs it.
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<Receipt<OrderView>> first = callers.submit(() -> groups.receive(shop, new IntakeGroups.Order(null, "first")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (groups.running(shop) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            List<Future<Receipt<OrderView>>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                IntakeGroups.Order order = new IntakeGroups.Order(null, "queued-" + i);
                queued.add(callers.submit(() -> groups.receive(shop, order)));
            }
            // All three in the queue, so that they form one group (in whatever order their threads reached it).
            while (groups.queued(shop) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).replayed()).isFalse();
            // The one order answered gets its answer; the two left unanswered are refused, not left waiting.
            List<String> outcomes = new ArrayList<>();
            for (Future<Receipt<OrderView>> answer : queued) {
                try {
                    outcomes.add(answer.get(10, TimeUnit.SECONDS).replayed() ? "replayed" : "answered");
                } catch (ExecutionException refused) {
                    assertThat(refused).hasCauseInstanceOf(IllegalStateException.class);
                    outcomes.add("refused");
                }
            }
            assertThat(outcomes).containsExactlyInAnyOrder("answered", "refused", "refused");
        } finally {
            callers.shutdown();
        }
        assertThat(groups.running(shop)).isZero();
    }

    private record TwoGroups(IntakeGroups groups, Future<Receipt<OrderView>> first, Future<Receipt<OrderView>> second) {
    }

    /**
     * Two groups in flight: sends one order of shop 1, then once its group runs, another, so the
     * first group is taken, then the second.
     */
    private static TwoGroups twoGroups(ExecutorService callers, HeldIntake intake, String first, String second)
            throws InterruptedException {
        IntakeGroups groups = new IntakeGroups(intake, Clock.systemUTC(), 64, 2, Duration.ZERO, sizes());
        ShopId shop = new ShopId(1);
        Future<Receipt<OrderView>> taken = callers.submit(() -> groups.receive(shop, new IntakeGroups.Order(null, first)));
        awaitRunning(intake, 1);
        Future<Receipt<OrderView>> next = callers.submit(() -> groups.receive(shop, new IntakeGroups.Order(null, second)));
        awaitRunning(intake, 2);
        return new TwoGroups(groups, taken, next);
    }

    private static void awaitRunning(HeldIntake intake, int groups) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (intake.running.get() < groups && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(intake.running.get()).as("groups running").isEqualTo(groups);
    }

    private static DistributionSummary sizes() {
        return new SimpleMeterRegistry().summary("engine.intake.group.orders");
    }

    /** Each group is counted once, with as many orders as it stored: the same groups the intake was given. */
    @Test
    void everyGroupIsCountedWithItsNumberOfOrders() throws Exception {
        HeldIntake intake = new HeldIntake();
        DistributionSummary sizes = sizes();
        mostAtOnce(intake, 1, sizes);
        assertThat(intake.groupSizes).as("groups the intake was given").isNotEmpty();
        assertThat(sizes.count()).isEqualTo(intake.groupSizes.size());
        assertThat(sizes.totalAmount()).isEqualTo(6);
        assertThat(sizes.max()).isEqualTo(intake.groupSizes.stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    /**
     * A pool of workers, each sending its next order as soon as it has its answer (as the benchmark's
     * load generator and a shop's order sync do): with a linger, the writer waits for the workers it
     * has just answered, so once all are in step every group holds all of them. (Without one, the
     * workers split into two parts that take turns: the writer takes the queue before it answers.)
     */
    @Test
    void aLingeringWriterStoresAPoolOfWorkersInOneGroup() throws Exception {
        HeldIntake intake = new HeldIntake();
        IntakeGroups groups = new IntakeGroups(intake, Clock.systemUTC(), 64, 1, Duration.ofSeconds(1), sizes());
        pool(intake, groups, 8, 12);
        List<Integer> sizes = intake.groupSizes;
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8 * 12);
        // The first groups hold whoever had arrived, and a worker that began in the first group ends a
        // group early; in between, the workers go in step.
        assertThat(sizes.subList(2, sizes.size() - 1)).hasSizeGreaterThan(5).allMatch(size -> size == 8);
    }

    /** A linger waits only for callers expected: one caller's orders, one after another, are each taken at once. */
    @Test
    void aLingerDoesNotDelayACallerWhoIsAlone() throws Exception {
        HeldIntake intake = new HeldIntake();
        // A linger no test would outlast: had the writer waited for a second caller, the answers would time out.
        IntakeGroups groups = new IntakeGroups(intake, Clock.systemUTC(), 64, 1, Duration.ofMinutes(1), sizes());
        pool(intake, groups, 1, 5);
        assertThat(intake.groupSizes).containsExactly(1, 1, 1, 1, 1);
    }

    /** A writer whose callers do not come back stops when its linger is over. */
    @Test
    void aWriterStopsWhenItsLingerIsOver() throws Exception {
        HeldIntake intake = new HeldIntake();
        IntakeGroups groups = new IntakeGroups(intake, Clock.systemUTC(), 64, 1, Duration.ofMillis(50), sizes());
        ShopId shop = new ShopId(1);
        pool(intake, groups, 1, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groups.running(shop) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(groups.running(shop)).isZero();
        // And the next order starts a writer of its own.
        pool(intake, groups, 1, 1);
        assertThat(intake.groupSizes).containsExactly(1, 1);
    }

    /** {@code workers} callers of shop 1, each sending {@code orders} quick orders one after another. */
    private static void pool(HeldIntake intake, IntakeGroups groups, int workers, int orders) throws Exception {
        ShopId shop = new ShopId(1);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "worker-" + w + "-" + intake.written.size();
                done.add(callers.submit(() -> {
                    for (int i = 0; i < orders; i++) {
                        String hash = worker + "-" + i;
                        intake.quick.add(hash);
                        assertThat(groups.receive(shop, new IntakeGroups.Order(null, hash)).replayed()).isFalse();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : done) {
                worker.get(20, TimeUnit.SECONDS);
            }
        }
    }

    private static int mostAtOnce(int inFlight) throws Exception {
        return mostAtOnce(new HeldIntake(), inFlight, sizes());
    }

    private static int mostAtOnce(HeldIntake intake, int inFlight, DistributionSummary sizes) throws Exception {
        IntakeGroups groups = new IntakeGroups(intake, Clock.systemUTC(), 64, inFlight, Duration.ZERO, sizes);
        ShopId shop = new ShopId(1);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Receipt<OrderView>>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                IntakeGroups.Order order = new IntakeGroups.Order(null, "hash-" + i);
                answers.add(callers.submit(() -> groups.receive(shop, order)));
            }
            // Until as many run as may, and a while longer for any that should not; then everything is let through.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (intake.running.get() < inFlight && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            int most = intake.mostAtOnce.get();
            intake.release.countDown();
            for (Future<Receipt<OrderView>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).replayed()).isFalse();
            }
            return most;
        }
    }
}
