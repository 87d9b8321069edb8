package org.sharerengine.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sharerengine.shared.ShopId;

/** How many intake transactions of one shop the groups let run at once on one instance. */
class IntakeGroupsTests {

    /** Stores nothing; counts how many transactions run at once and holds each until released. */
    private static final class HeldIntake implements IntakeGroups.Intake {
        volatile CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        private <T> T hold(T answer) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return answer;
        }

        @Override
        public Receipt<OrderView> alone(ShopId shop, IntakeGroups.Order order) {
            return hold(new Receipt<>(null, false));
        }

        @Override
        public List<IntakeGroups.Answer> together(ShopId shop, List<IntakeGroups.Order> orders) {
            return hold(orders.stream().map(order -> IntakeGroups.Answer.of(new Receipt<>(null, false))).toList());
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
     * Two groups ending together while others queue: each hand-over takes its own group off the
     * queue, so the second cannot hand its lead to the caller the first one told, which would
     * leave a group counted as running that no caller leads (in-flight 2 would then run one at a time).
     */
    @Test
    void groupsEndingTogetherLeaveNoGroupCountedThatNobodyLeads() throws Exception {
        ShopId shop = new ShopId(1);
        HeldIntake intake = new HeldIntake();
        IntakeGroups groups = new IntakeGroups(intake, 64, 2);
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

    private static int mostAtOnce(int inFlight) throws Exception {
        HeldIntake intake = new HeldIntake();
        IntakeGroups groups = new IntakeGroups(intake, 64, inFlight);
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
