package org.sharerengine.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.catalog.Products;
import org.sharerengine.commission.CommissionLine;
import org.sharerengine.commission.Settlement;
import org.sharerengine.ledger.Balance;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.network.NewSharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.order.OrderRequest;
import org.sharerengine.order.OrderView;
import org.sharerengine.order.Orders;
import org.sharerengine.order.Receipt;
import org.sharerengine.order.RefundRequest;
import org.sharerengine.order.RefundView;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.sharerengine.support.Api;
import org.sharerengine.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SPEC §7 and §12 under contention: many requests released at the same instant against one
 * wallet, one idempotency key, one order, one refund. Each test asserts the final balances
 * and that every call either succeeded or was refused with the expected problem — any other
 * exception (a deadlock, a raw SQL error, what the API would turn into a 500) fails it.
 */
@ApiTest
class ConcurrencyIntegrationTests {

    private static final Instant PAID = Instant.parse("2026-05-01T02:00:00Z");
    private static final AtomicLong SHOPS = new AtomicLong();

    @Autowired
    Shops shops;
    @Autowired
    Sharers sharers;
    @Autowired
    Products products;
    @Autowired
    Orders orders;
    @Autowired
    Settlement settlement;
    @Autowired
    Withdrawals withdrawals;
    @Autowired
    Ledger ledger;

    @Test
    void parallelWithdrawalsNeverOverdrawOneWallet() throws Exception {
        ShopId shop = shop();
        SharerId alice = sharer(shop, "alice", null);
        fundAvailable(shop, alice, 10_000);

        List<Outcome<Withdrawals.Requested>> outcomes = race(32,
                i -> withdrawals.request(shop, "withdrawal-" + i, withdrawal(alice, 1_000)));

        List<Withdrawals.Requested> granted = succeeded(outcomes);
        List<Throwable> refused = failed(outcomes, ConcurrencyIntegrationTests::insufficientBalance);
        assertNoOtherFailures(outcomes, ConcurrencyIntegrationTests::insufficientBalance);
        assertThat(granted).as("granted withdrawals").hasSize(10).noneMatch(Withdrawals.Requested::replayed);
        assertThat(refused).as("refused for insufficient balance").hasSize(22);
        assertThat(ledger.balance(shop, alice)).isEqualTo(new Balance(0, 0, 10_000, 0));
        assertThat(withdrawals.list(shop, null, alice, 0, 100)).hasSize(10)
                .allMatch(w -> w.status() == Withdrawal.Status.REQUESTED && w.amountFen() == 1_000);
        assertBooksBalance(shop);
    }

    @Test
    void oneIdempotencyKeySentInParallelIsOneWithdrawal() throws Exception {
        ShopId shop = shop();
        SharerId alice = sharer(shop, "alice", null);
        fundAvailable(shop, alice, 10_000);

        List<Outcome<Withdrawals.Requested>> outcomes = race(16,
                i -> withdrawals.request(shop, "the-same-key", withdrawal(alice, 1_000)));

        assertNoOtherFailures(outcomes, e -> false);
        List<Withdrawals.Requested> results = succeeded(outcomes);
        assertThat(results).hasSize(16);
        assertThat(results.stream().map(r -> r.withdrawal().id()).distinct()).as("withdrawal ids").hasSize(1);
        assertThat(results.stream().filter(r -> !r.replayed())).as("requests that were not replays").hasSize(1);
        assertThat(withdrawals.list(shop, null, alice, 0, 100)).hasSize(1);
        assertThat(ledger.balance(shop, alice)).isEqualTo(new Balance(0, 9_000, 1_000, 0));
        assertBooksBalance(shop);
    }

    @Test
    void oneOrderPostedInParallelEarnsItsCommissionOnce() throws Exception {
        ShopId shop = shop();
        SharerId bob = sharer(shop, "bob", null);
        SharerId alice = sharer(shop, "alice", bob);
        OrderRequest order = order("o-1", alice, 100_000);

        List<Outcome<Receipt<OrderView>>> outcomes = race(16, i -> orders.receive(shop, order));

        assertNoOtherFailures(outcomes, e -> false);
        List<Receipt<OrderView>> receipts = succeeded(outcomes);
        assertThat(receipts).hasSize(16);
        assertThat(receipts.stream().filter(r -> !r.replayed())).as("receipts that were not replays").hasSize(1);
        assertThat(receipts.stream().map(r -> r.body().orderId()).distinct()).containsExactly("o-1");
        assertThat(receipts.stream().map(r -> r.body().commission().stream().map(CommissionLine::id).toList()).distinct())
                .as("every receipt shows the same commission lines").hasSize(1);
        List<CommissionLine> lines = orders.get(shop, "o-1").commission();
        assertThat(lines).extracting(CommissionLine::depth, CommissionLine::amountFen)
                .containsExactlyInAnyOrder(tuple(1, 10_000L), tuple(2, 5_000L));
        assertThat(ledger.balance(shop, alice)).isEqualTo(new Balance(10_000, 0, 0, 0));
        assertThat(ledger.balance(shop, bob)).isEqualTo(new Balance(5_000, 0, 0, 0));
        assertBooksBalance(shop);
    }

    @Test
    void oneRefundPostedInParallelReversesOnce() throws Exception {
        ShopId shop = shop();
        SharerId alice = sharer(shop, "alice", null);
        orders.receive(shop, order("o-1", alice, 100_000));
        RefundRequest refund = new RefundRequest("r-1", null, List.of(new RefundRequest.Line("l-1", 10_000)));

        List<Outcome<Receipt<RefundView>>> outcomes = race(16, i -> orders.refund(shop, "o-1", refund));

        assertRefundedOnce(shop, alice, outcomes, 10_000, 9_000);
    }

    /**
     * The same, with a refund of more than half the line: after the first one, a second
     * application would no longer fit in what is left, so a duplicate that is validated before it
     * is recognised as a duplicate would be refused instead of replayed.
     */
    @Test
    void oneRefundOfMostOfALinePostedInParallelReversesOnce() throws Exception {
        ShopId shop = shop();
        SharerId alice = sharer(shop, "alice", null);
        orders.receive(shop, order("o-1", alice, 100_000));
        RefundRequest refund = new RefundRequest("r-1", null, List.of(new RefundRequest.Line("l-1", 60_000)));

        List<Outcome<Receipt<RefundView>>> outcomes = race(16, i -> orders.refund(shop, "o-1", refund));

        assertRefundedOnce(shop, alice, outcomes, 60_000, 4_000);
    }

    /** The money first (reversed exactly once), then the answers (one refund, the rest replays of it). */
    private void assertRefundedOnce(ShopId shop, SharerId sharer, List<Outcome<Receipt<RefundView>>> outcomes, long refundedFen,
            long commissionLeft) {
        OrderView order = orders.get(shop, "o-1");
        assertThat(order.lines().getFirst().refundedFen()).as("refunded of the line").isEqualTo(refundedFen);
        assertThat(order.commission()).extracting(CommissionLine::amountFen).containsExactly(commissionLeft);
        assertThat(ledger.balance(shop, sharer)).isEqualTo(new Balance(commissionLeft, 0, 0, 0));
        assertBooksBalance(shop);

        assertNoOtherFailures(outcomes, e -> false);
        List<Receipt<RefundView>> receipts = succeeded(outcomes);
        assertThat(receipts).hasSize(16);
        assertThat(receipts.stream().filter(r -> !r.replayed())).as("receipts that were not replays").hasSize(1);
        assertThat(receipts).allSatisfy(r -> {
            assertThat(r.body().refundId()).isEqualTo("r-1");
            assertThat(r.body().reversals()).extracting(RefundView.Reversal::amountFen).containsExactly(commissionLeft - 10_000);
        });
    }

    // ---------------------------------------------------------------- set-up

    /** 10 % to the sharer, 5 % to the inviter; settled 8 days after completion; threshold 1 fen, no fee. */
    private ShopId shop() {
        ProgrammeSettings d = ProgrammeSettings.defaults();
        ProgrammeSettings settings = new ProgrammeSettings(d.timeZone(), d.programmeMode(), d.recruitmentOpen(),
                d.approvalRequired(), 2, 1_000, 500, 0, false, d.bindingValidityDays(), d.bindingProtection(),
                ProgrammeSettings.SettlementTrigger.DAYS_AFTER_COMPLETION, 8, 1, 0,
                d.maxManagers(), d.maxSharersPerManager(), Api.TEST_SHOPS_PER_PERSON);
        ShopId shop = shops.create("Concurrency shop " + SHOPS.incrementAndGet(), settings).id();
        products.put(shop, "tea", new Products.ProductTerms("Tea", CommissionMode.LEVEL_RATE, null, null, null));
        return shop;
    }

    private SharerId sharer(ShopId shop, String externalUserId, SharerId parent) {
        return sharers.add(shop, new NewSharer(externalUserId, externalUserId, null, 0, parent == null ? null : parent.value(),
                null, null, null, null)).id();
    }

    private static OrderRequest order(String orderId, SharerId sharer, long amountFen) {
        return new OrderRequest(orderId, "customer-of-" + orderId, sharer.value(), null, null, PAID,
                List.of(new OrderRequest.Line("l-1", "tea", 1, amountFen)));
    }

    /** One order worth exactly {@code fen} of commission, completed and settled: {@code fen} available. */
    private void fundAvailable(ShopId shop, SharerId sharer, long fen) {
        orders.receive(shop, order("funding", sharer, fen * 10));
        orders.complete(shop, "funding", PAID);
        settlement.settle(shop, PAID.plus(Duration.ofDays(9)));
        assertThat(ledger.balance(shop, sharer)).isEqualTo(new Balance(0, fen, 0, 0));
    }

    private static Withdrawals.WithdrawalRequest withdrawal(SharerId sharer, long amountFen) {
        return new Withdrawals.WithdrawalRequest(sharer.value(), amountFen, Withdrawal.PayoutChannel.WECHAT,
                "wx-" + sharer.value(), "Sharer " + sharer.value());
    }

    private void assertBooksBalance(ShopId shop) {
        Ledger.Audit audit = ledger.audit(shop);
        assertThat(audit.balanced()).as("books balance: %s", audit).isTrue();
    }

    // ---------------------------------------------------------------- the race

    record Outcome<T>(T value, Throwable error) {
    }

    /**
     * Runs {@code calls} tasks on as many threads, all released by one start gate once every
     * thread is waiting at it, and returns what each returned or threw.
     */
    private static <T> List<Outcome<T>> race(int calls, IntFunction<T> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch ready = new CountDownLatch(calls);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int call = i;
            Callable<T> gated = () -> {
                ready.countDown();
                start.await();
                return task.apply(call);
            };
            futures.add(pool.submit(gated));
        }
        try {
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads at the start gate").isTrue();
            start.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(60, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    outcomes.add(new Outcome<>(null, e));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> List<T> succeeded(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(o -> o.error() == null).map(Outcome::value).toList();
    }

    private static List<Throwable> failed(List<? extends Outcome<?>> outcomes, Predicate<Throwable> expected) {
        return outcomes.stream().map(Outcome::error).filter(e -> e != null && expected.test(e)).toList();
    }

    /** Fails with the first unexpected exception's stack trace, so the report says what went wrong under contention. */
    private static void assertNoOtherFailures(List<? extends Outcome<?>> outcomes, Predicate<Throwable> expected) {
        List<Throwable> unexpected = outcomes.stream().map(Outcome::error).filter(e -> e != null && !expected.test(e)).toList();
        if (!unexpected.isEmpty()) {
            StringWriter trace = new StringWriter();
            unexpected.getFirst().printStackTrace(new PrintWriter(trace));
            throw new AssertionError(unexpected.size() + " of " + outcomes.size() + " calls failed unexpectedly: "
                    + unexpected.stream().map(e -> e.getClass().getName() + ": " + e.getMessage()).distinct().toList()
                    + "\nfirst:\n" + trace);
        }
    }

    private static boolean insufficientBalance(Throwable e) {
        return e instanceof Ledger.InsufficientFunds problem && problem.status().value() == 409
                && problem.code().equals("insufficient_balance");
    }
}
