package org.sharerengine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.sharerengine.App;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.catalog.Products;
import org.sharerengine.commission.CommissionLine;
import org.sharerengine.commission.Settlement;
import org.sharerengine.network.NewSharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.order.OrderRequest;
import org.sharerengine.order.OrderView;
import org.sharerengine.order.Orders;
import org.sharerengine.order.Receipt;
import org.sharerengine.order.RefundRequest;
import org.sharerengine.order.RefundView;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.sharerengine.support.Api;
import org.sharerengine.support.TestDatabase;
import org.sharerengine.wallet.Withdrawal;
import org.sharerengine.wallet.Withdrawals;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ledger against a small reference model (DESIGN.md, Tests): random sequences of orders,
 * refunds (valid and invalid), completions, settlements, withdrawals and their decisions run
 * through the real services on the real database, and after every step each sharer's wallet
 * must equal the model's, the books must balance, and every commission line must be what the
 * model computed on its own — never above its original value, never below zero.
 *
 * <p>jqwik does not run Spring's JUnit extension, so the class starts one application context
 * of its own; every try works in a shop of its own, so tries never see each other's money.
 */
class LedgerProperties {

    private static final Instant START = Instant.parse("2026-03-01T02:00:00Z");
    private static final AtomicLong SHOPS = new AtomicLong();
    private static ConfigurableApplicationContext context;

    private static synchronized ConfigurableApplicationContext context() {
        if (context == null) {
            context = new SpringApplicationBuilder(App.class)
                    .profiles(TestDatabase.profiles())
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .run();
        }
        return context;
    }

    @AfterContainer
    static synchronized void closeContext() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    // ---------------------------------------------------------------- the property

    @Property(tries = 60)
    void walletsBooksAndCommissionLinesFollowTheReferenceModel(@ForAll("programmes") Programme programme,
            @ForAll("actions") List<Action> actions) {
        Run run = new Run(programme);
        for (int step = 0; step < actions.size(); step++) {
            String where = "step " + step + " " + actions.get(step);
            run.apply(actions.get(step), where);
            run.checkWallets(where);
        }
        run.checkAllOrders("end");
        // The generator must keep reaching the states where money can go wrong, or the property proves little.
        Statistics.label("lines settled").collect(run.settledLines > 0);
        Statistics.label("withdrawal granted").collect(run.granted > 0);
        Statistics.label("withdrawal refused for insufficient balance").collect(run.insufficientRefusals > 0);
        Statistics.label("withdrawal paid out").collect(run.paidOut > 0);
        Statistics.label("settled line clawed back").collect(run.clawbacks > 0);
        Statistics.label("clawback left available negative").collect(run.negativeAfterClawback);
        Statistics.label("depth-3 commission").collect(run.deepestLine == 3);
        // Bounds far below the usual rates (about 60, 40, 70, 20, 30 and 30 %), so only a degenerate generator fails them.
        Statistics.label("lines settled").coverage(c -> c.check(true).percentage(p -> p >= 25));
        Statistics.label("withdrawal granted").coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("withdrawal refused for insufficient balance").coverage(c -> c.check(true).percentage(p -> p >= 25));
        Statistics.label("withdrawal paid out").coverage(c -> c.check(true).count(n -> n > 0));
        Statistics.label("settled line clawed back").coverage(c -> c.check(true).count(n -> n > 0));
        Statistics.label("depth-3 commission").coverage(c -> c.check(true).count(n -> n > 0));
    }

    // ---------------------------------------------------------------- what is generated

    /** A shop's programme, a sharer tree (parent picks) and a promoted library. */
    record Programme(int depth, int level1RateBp, int level2RateBp, int level3RateBp, int delayDays, long thresholdFen,
            int feeBp, boolean selfPurchasePays, List<Integer> parentPicks, List<ProductSeed> products) {
    }

    /** For FIXED_RATE the values are basis points, for FIXED_AMOUNT fen per unit; null = no commission at that depth. */
    record ProductSeed(CommissionMode mode, Long level1, Long level2, Long level3) {
        Long valueFor(int depth) {
            return switch (depth) {
                case 1 -> level1;
                case 2 -> level2;
                default -> level3;
            };
        }
    }

    /** One step; the picks are interpreted against the state at that step, so every sequence is meaningful. */
    sealed interface Action {
    }

    record PlaceOrder(int sharerPick, boolean unattributed, boolean selfPurchase, List<LineSeed> lines) implements Action {
    }

    record LineSeed(int productPick, int quantity, long amountFen) {
    }

    record ResendOrder(int orderPick, boolean changedPayload) implements Action {
    }

    enum RefundKind { PARTIAL, TWO_LINES, REST_OF_ORDER, TOO_MUCH, VALID_AND_TOO_MUCH, UNKNOWN_LINE, SAME_LINE_TWICE,
        UNKNOWN_ORDER, REPLAY, CHANGED_REPLAY }

    record Refund(RefundKind kind, int orderPick, int linePick, int amountPick) implements Action {
    }

    record Complete(int orderPick) implements Action {
    }

    record AdvanceAndSettle(int hours) implements Action {
    }

    enum WithdrawKind { WITHIN_AVAILABLE, ALL_AVAILABLE, MORE_THAN_AVAILABLE, BELOW_THRESHOLD, REPLAY, CHANGED_REPLAY }

    record Withdraw(WithdrawKind kind, int sharerPick, int amountPick) implements Action {
    }

    enum Decision { APPROVE, REJECT, PAY, APPROVE_AND_PAY }

    record Decide(Decision decision, int withdrawalPick) implements Action {
    }

    @Provide
    Arbitrary<Programme> programmes() {
        Arbitrary<ProductSeed> product = Arbitraries.of(CommissionMode.class).flatMap(mode -> switch (mode) {
            case LEVEL_RATE -> Arbitraries.just(new ProductSeed(mode, null, null, null));
            case FIXED_RATE -> Combinators.combine(longs(0, 3000), longs(0, 2000).injectNull(0.3),
                    longs(0, 1000).injectNull(0.3)).as((a, b, c) -> new ProductSeed(mode, a, b, c));
            case FIXED_AMOUNT -> Combinators.combine(longs(0, 5000), longs(0, 2000).injectNull(0.3),
                    longs(0, 1000).injectNull(0.3)).as((a, b, c) -> new ProductSeed(mode, a, b, c));
        });
        Arbitrary<List<Integer>> parents = ints(0, 1000).list().ofMinSize(3).ofMaxSize(6);
        Arbitrary<Programme> settings = Combinators.combine(
                Arbitraries.of(2, 3),
                ints(0, 3000),
                ints(0, 1500),
                ints(0, 1000),
                Arbitraries.of(0, 1, 3, 8),
                longs(1, 500),
                ints(0, 1000),
                Arbitraries.of(true, false))
                .as((depth, l1, l2, l3, delay, threshold, fee, self) -> new Programme(depth, l1, l2, l3, delay, threshold, fee,
                        self, List.of(), List.of()));
        return Combinators.combine(settings, parents, product.list().ofMinSize(2).ofMaxSize(4))
                .as((s, tree, library) -> new Programme(s.depth(), s.level1RateBp(), s.level2RateBp(), s.level3RateBp(),
                        s.delayDays(), s.thresholdFen(), s.feeBp(), s.selfPurchasePays(), tree, library))
                .withoutEdgeCases();
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> pick = ints(0, 10_000);
        // Mostly ordinary amounts; sometimes a free line or a few fen, where flooring decides everything.
        Arbitrary<Long> amount = Arbitraries.frequencyOf(Tuple.of(12, longs(1, 100_000)),
                Tuple.of(1, Arbitraries.of(0L, 1L, 2L, 3L, 33L, 99L, 10_000L)));
        Arbitrary<LineSeed> line = Combinators.combine(pick, ints(1, 3), amount).as(LineSeed::new);
        Arbitrary<Action> order = Combinators.combine(pick, oneIn(10), oneIn(10), line.list().ofMinSize(1).ofMaxSize(3))
                .as(PlaceOrder::new);
        Arbitrary<Action> resend = Combinators.combine(pick, Arbitraries.of(true, false)).as(ResendOrder::new);
        Arbitrary<RefundKind> refundKind = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(RefundKind.PARTIAL)),
                Tuple.of(2, Arbitraries.just(RefundKind.TWO_LINES)), Tuple.of(3, Arbitraries.just(RefundKind.REST_OF_ORDER)),
                Tuple.of(7, Arbitraries.of(RefundKind.TOO_MUCH, RefundKind.VALID_AND_TOO_MUCH, RefundKind.UNKNOWN_LINE,
                        RefundKind.SAME_LINE_TWICE, RefundKind.UNKNOWN_ORDER, RefundKind.REPLAY, RefundKind.CHANGED_REPLAY)));
        Arbitrary<Action> refund = Combinators.combine(refundKind, pick, pick, pick).as(Refund::new);
        Arbitrary<Action> complete = pick.map(Complete::new);
        Arbitrary<Action> settle = ints(0, 240).map(AdvanceAndSettle::new);
        Arbitrary<WithdrawKind> withdrawKind = Arbitraries.frequency(Tuple.of(3, WithdrawKind.WITHIN_AVAILABLE),
                Tuple.of(3, WithdrawKind.ALL_AVAILABLE), Tuple.of(2, WithdrawKind.MORE_THAN_AVAILABLE),
                Tuple.of(1, WithdrawKind.BELOW_THRESHOLD), Tuple.of(1, WithdrawKind.REPLAY),
                Tuple.of(1, WithdrawKind.CHANGED_REPLAY));
        Arbitrary<Action> withdraw = Combinators.combine(withdrawKind, pick, pick).as(Withdraw::new);
        Arbitrary<Decision> decision = Arbitraries.frequency(Tuple.of(1, Decision.APPROVE), Tuple.of(1, Decision.PAY),
                Tuple.of(1, Decision.REJECT), Tuple.of(2, Decision.APPROVE_AND_PAY));
        Arbitrary<Action> decide = Combinators.combine(decision, pick).as(Decide::new);
        // Three phases with different weights — selling, then settling and withdrawing, then deciding and refunding —
        // so that a short sequence reaches settled money, payouts and clawbacks; every action can occur in every phase.
        Arbitrary<List<Action>> selling = Arbitraries.frequencyOf(Tuple.of(40, order), Tuple.of(5, resend),
                Tuple.of(10, refund), Tuple.of(20, complete), Tuple.of(10, settle), Tuple.of(8, withdraw), Tuple.of(7, decide))
                .list().ofMinSize(4).ofMaxSize(14).withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<List<Action>> settling = Arbitraries.frequencyOf(Tuple.of(15, order), Tuple.of(2, resend),
                Tuple.of(6, refund), Tuple.of(20, complete), Tuple.of(25, settle), Tuple.of(20, withdraw), Tuple.of(12, decide))
                .list().ofMinSize(3).ofMaxSize(13).withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<List<Action>> deciding = Arbitraries.frequencyOf(Tuple.of(8, order), Tuple.of(2, resend),
                Tuple.of(22, refund), Tuple.of(8, complete), Tuple.of(12, settle), Tuple.of(20, withdraw), Tuple.of(28, decide))
                .list().ofMinSize(3).ofMaxSize(13).withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(selling, settling, deciding).as((a, b, c) -> {
            List<Action> all = new ArrayList<>(a);
            all.addAll(b);
            all.addAll(c);
            return all;
        }).withoutEdgeCases();
    }

    /** Uniform: jqwik's default bias towards small values and edge cases would starve the interesting states. */
    private static Arbitrary<Integer> ints(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<Long> longs(long min, long max) {
        return Arbitraries.longs().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<Boolean> oneIn(int n) {
        return Arbitraries.frequency(Tuple.of(1, true), Tuple.of(n - 1, false));
    }

    // ---------------------------------------------------------------- the reference model

    /** A sharer's wallet as the model sees it; {@code clawedBack} once a refund took settled money back. */
    static final class Wallet {
        long pending;
        long available;
        long frozen;
        long paidOut;
        boolean clawedBack;

        @Override
        public String toString() {
            return pending + "/" + available + "/" + frozen + "/" + paidOut;
        }
    }

    enum Status { PENDING, SETTLED, REVERSED }

    /** One commission line: what it was computed from, and its value now. */
    static final class Commission {
        final int depth;
        final long beneficiary;
        final boolean fixedAmount;
        final long rateBp;
        final long fixedFen;
        final long original;
        long amount;
        Status status = Status.PENDING;
        Instant settleAfter;

        Commission(int depth, long beneficiary, boolean fixedAmount, long rateBp, long fixedFen, long original) {
            this.depth = depth;
            this.beneficiary = beneficiary;
            this.fixedAmount = fixedAmount;
            this.rateBp = rateBp;
            this.fixedFen = fixedFen;
            this.original = original;
            this.amount = original;
        }
    }

    /** SPEC §4, written out by hand: a rate on the amount kept, or the fixed amount scaled by kept / paid; both floor. */
    static long commissionOn(boolean fixedAmount, long rateBp, long fixedFen, long lineAmountFen, long keptFen) {
        if (fixedAmount) {
            return lineAmountFen == 0 ? 0 : fixedFen * keptFen / lineAmountFen;
        }
        return keptFen * rateBp / 10_000;
    }

    static final class Line {
        final String id;
        final long amount;
        long refunded;
        final List<Commission> commission = new ArrayList<>();

        Line(String id, long amount) {
            this.id = id;
            this.amount = amount;
        }
    }

    static final class Order {
        final OrderRequest request;
        final List<Line> lines = new ArrayList<>();
        final List<RefundRequest> refunds = new ArrayList<>();
        boolean completed;

        Order(OrderRequest request) {
            this.request = request;
        }

        String id() {
            return request.orderId();
        }
    }

    static final class Payout {
        final long id;
        final String key;
        final Withdrawals.WithdrawalRequest request;
        final long fee;
        Withdrawal.Status status = Withdrawal.Status.REQUESTED;

        Payout(long id, String key, Withdrawals.WithdrawalRequest request, long fee) {
            this.id = id;
            this.key = key;
            this.request = request;
            this.fee = fee;
        }
    }

    /** One try: a fresh shop in the engine beside the model of it, driven step by step. */
    static final class Run {
        final ShopId shop;
        final ProgrammeSettings settings;
        final List<ProductSeed> products;
        final List<Long> sharers = new ArrayList<>();
        final Map<Long, Long> parentOf = new HashMap<>();
        final Map<Long, String> externalIdOf = new HashMap<>();
        final Map<Long, Wallet> wallets = new LinkedHashMap<>();
        final List<Order> orders = new ArrayList<>();
        final List<Payout> payouts = new ArrayList<>();
        Instant now = START;
        int counter;

        boolean negativeAfterClawback;
        int insufficientRefusals;
        int paidOut;
        int clawbacks;
        int deepestLine;
        int settledLines;
        int granted;

        final Shops shopsService = context().getBean(Shops.class);
        final Sharers sharersService = context().getBean(Sharers.class);
        final Products productsService = context().getBean(Products.class);
        final Orders ordersService = context().getBean(Orders.class);
        final Settlement settlement = context().getBean(Settlement.class);
        final Withdrawals withdrawals = context().getBean(Withdrawals.class);
        final Ledger ledger = context().getBean(Ledger.class);

        Run(Programme p) {
            ProgrammeSettings d = ProgrammeSettings.defaults();
            settings = new ProgrammeSettings(d.timeZone(), d.programmeMode(), d.recruitmentOpen(), d.approvalRequired(),
                    p.depth(), p.level1RateBp(), p.level2RateBp(), p.level3RateBp(), p.selfPurchasePays(),
                    d.bindingValidityDays(), d.bindingProtection(), ProgrammeSettings.SettlementTrigger.DAYS_AFTER_COMPLETION,
                    p.delayDays(), p.thresholdFen(), p.feeBp(), d.maxManagers(), d.maxSharersPerManager(),
                    Api.TEST_SHOPS_PER_PERSON);
            shop = shopsService.create("Ledger property shop " + SHOPS.incrementAndGet(), settings).id();
            // The first three form a chain, so depth 3 is always reachable; the rest hang anywhere up to the third level.
            Map<Long, Integer> level = new HashMap<>();
            for (int i = 0; i < p.parentPicks().size(); i++) {
                Long parent = null;
                if (i == 1 || i == 2) {
                    parent = sharers.get(i - 1);
                } else if (i > 2) {
                    int choice = p.parentPicks().get(i) % (i + 1);
                    parent = choice == i ? null : sharers.get(choice);
                    if (parent != null && level.get(parent) == 3) {
                        parent = parentOf.get(parent);
                    }
                }
                String external = "user-" + i;
                long id = sharersService.add(shop, new NewSharer(external, "Sharer " + i, null, 0, parent, null, null, null, null))
                        .id().value();
                sharers.add(id);
                parentOf.put(id, parent);
                externalIdOf.put(id, external);
                level.put(id, parent == null ? 1 : level.get(parent) + 1);
                wallets.put(id, new Wallet());
            }
            products = p.products();
            for (int i = 0; i < products.size(); i++) {
                ProductSeed seed = products.get(i);
                productsService.put(shop, "p-" + i, new Products.ProductTerms("Product " + i, seed.mode(), seed.level1(),
                        seed.level2(), seed.level3()));
            }
        }

        void apply(Action action, String where) {
            switch (action) {
                case PlaceOrder o -> placeOrder(o, where);
                case ResendOrder r -> resendOrder(r, where);
                case Refund r -> refund(r, where);
                case Complete c -> complete(c, where);
                case AdvanceAndSettle s -> advanceAndSettle(s, where);
                case Withdraw w -> withdraw(w, where);
                case Decide d -> decide(d, where);
            }
        }

        // ------------------------------------------------------------ orders

        void placeOrder(PlaceOrder o, String where) {
            Long sharer = o.unattributed() ? null : sharers.get(o.sharerPick() % sharers.size());
            String customer = sharer != null && o.selfPurchase() ? externalIdOf.get(sharer) : "customer-" + (++counter);
            List<OrderRequest.Line> lines = new ArrayList<>();
            for (int i = 0; i < o.lines().size(); i++) {
                LineSeed seed = o.lines().get(i);
                int product = seed.productPick() % (products.size() + 1);
                // The last pick is a product outside the promoted library: it earns nothing.
                String productId = product == products.size() ? "p-unlisted" : "p-" + product;
                lines.add(new OrderRequest.Line("l-" + i, productId, seed.quantity(), seed.amountFen()));
            }
            OrderRequest request = new OrderRequest("o-" + (orders.size() + 1), customer, sharer, null, null, now, lines);
            Order order = new Order(request);
            boolean self = sharer != null && o.selfPurchase();
            List<Long> chain = new ArrayList<>();
            for (Long s = sharer; s != null && chain.size() < settings.commissionDepth(); s = parentOf.get(s)) {
                chain.add(s);
            }
            for (OrderRequest.Line requested : lines) {
                Line line = new Line(requested.lineId(), requested.amountFen());
                order.lines.add(line);
                if (requested.productId().equals("p-unlisted")) {
                    continue;
                }
                ProductSeed product = products.get(Integer.parseInt(requested.productId().substring(2)));
                for (int depth = 1; depth <= chain.size(); depth++) {
                    if (depth == 1 && self && !settings.selfPurchaseCommission()) {
                        continue;
                    }
                    Commission c = switch (product.mode()) {
                        case LEVEL_RATE -> rate(depth, chain, settings.defaultRateBp(depth), line);
                        case FIXED_RATE -> product.valueFor(depth) == null ? null
                                : rate(depth, chain, product.valueFor(depth), line);
                        case FIXED_AMOUNT -> {
                            if (product.valueFor(depth) == null) {
                                yield null;
                            }
                            long fixed = Math.min(product.valueFor(depth) * requested.quantity(), line.amount);
                            long value = commissionOn(true, 0, fixed, line.amount, line.amount);
                            yield new Commission(depth, chain.get(depth - 1), true, 0, fixed, value);
                        }
                    };
                    if (c != null && c.original > 0) {
                        line.commission.add(c);
                        wallets.get(c.beneficiary).pending += c.original;
                        deepestLine = Math.max(deepestLine, depth);
                    }
                }
            }
            Receipt<OrderView> receipt = ordersService.receive(shop, request);
            orders.add(order);
            assertThat(receipt.replayed()).as(where + ": a new order is no replay").isFalse();
            checkLines(order, receipt.body(), where);
        }

        private static Commission rate(int depth, List<Long> chain, long rateBp, Line line) {
            return new Commission(depth, chain.get(depth - 1), false, rateBp, 0,
                    commissionOn(false, rateBp, 0, line.amount, line.amount));
        }

        void resendOrder(ResendOrder r, String where) {
            if (orders.isEmpty()) {
                return;
            }
            Order order = orders.get(r.orderPick() % orders.size());
            if (r.changedPayload()) {
                OrderRequest q = order.request;
                OrderRequest changed = new OrderRequest(q.orderId(), q.customerId() + "-else", q.sharerId(), null, null,
                        q.paidAt(), q.lines());
                assertRefused(() -> ordersService.receive(shop, changed), 409, "idempotency_conflict", where);
            } else {
                Receipt<OrderView> receipt = ordersService.receive(shop, order.request);
                assertThat(receipt.replayed()).as(where + ": the same order again is a replay").isTrue();
                checkLines(order, receipt.body(), where);
            }
        }

        // ------------------------------------------------------------ refunds

        void refund(Refund r, String where) {
            if (orders.isEmpty()) {
                return;
            }
            // Half the time an order with settled commission, so that refunds claw back as well as reverse.
            List<Order> settled = orders.stream().filter(o -> o.lines.stream().flatMap(l -> l.commission.stream())
                    .anyMatch(c -> c.status == Status.SETTLED)).toList();
            List<Order> candidates = settled.isEmpty() || r.orderPick() % 2 == 1 ? orders : settled;
            Order order = candidates.get(r.orderPick() / 2 % candidates.size());
            Line line = order.lines.get(r.linePick() % order.lines.size());
            long left = line.amount - line.refunded;
            String refundId = "r-" + (++counter);
            switch (r.kind()) {
                case PARTIAL -> {
                    if (left == 0) {
                        refuse(order, refundId, List.of(new RefundRequest.Line(line.id, 1)), where);
                    } else {
                        accept(order, new RefundRequest(refundId, null,
                                List.of(new RefundRequest.Line(line.id, 1 + r.amountPick() % left))), where);
                    }
                }
                case TWO_LINES -> {
                    List<RefundRequest.Line> wanted = new ArrayList<>();
                    for (int k = 0; k < order.lines.size() && wanted.size() < 2; k++) {
                        Line candidate = order.lines.get((r.linePick() + k) % order.lines.size());
                        long rest = candidate.amount - candidate.refunded;
                        if (rest > 0) {
                            wanted.add(new RefundRequest.Line(candidate.id, 1 + (r.amountPick() + k) % rest));
                        }
                    }
                    if (wanted.isEmpty()) {
                        refuse(order, refundId, List.of(new RefundRequest.Line(line.id, 1)), where);
                    } else {
                        accept(order, new RefundRequest(refundId, null, wanted), where);
                    }
                }
                case REST_OF_ORDER -> {
                    List<RefundRequest.Line> wanted = order.lines.stream().filter(l -> l.amount > l.refunded)
                            .map(l -> new RefundRequest.Line(l.id, l.amount - l.refunded)).toList();
                    if (wanted.isEmpty()) {
                        refuse(order, refundId, List.of(new RefundRequest.Line(line.id, 1)), where);
                    } else {
                        accept(order, new RefundRequest(refundId, null, wanted), where);
                    }
                }
                case TOO_MUCH -> refuse(order, refundId,
                        List.of(new RefundRequest.Line(line.id, left + 1 + r.amountPick() % 1000)), where);
                case VALID_AND_TOO_MUCH -> {
                    // A valid line before an invalid one: the whole refund is refused, nothing half-done.
                    Line other = order.lines.stream().filter(l -> l != line && l.amount > l.refunded).findFirst().orElse(null);
                    List<RefundRequest.Line> wanted = new ArrayList<>();
                    if (other != null) {
                        wanted.add(new RefundRequest.Line(other.id, other.amount - other.refunded));
                    }
                    wanted.add(new RefundRequest.Line(line.id, left + 1));
                    refuse(order, refundId, wanted, where);
                }
                case UNKNOWN_LINE -> {
                    RefundRequest request = new RefundRequest(refundId, null, List.of(new RefundRequest.Line("no-such-line", 1)));
                    assertRefused(() -> ordersService.refund(shop, order.id(), request), 400, "invalid_lines_line_id", where);
                }
                case SAME_LINE_TWICE -> {
                    RefundRequest request = new RefundRequest(refundId, null,
                            List.of(new RefundRequest.Line(line.id, 1), new RefundRequest.Line(line.id, 1)));
                    assertRefused(() -> ordersService.refund(shop, order.id(), request), 400, "invalid_lines_line_id", where);
                }
                case UNKNOWN_ORDER -> {
                    RefundRequest request = new RefundRequest(refundId, null, List.of(new RefundRequest.Line(line.id, 1)));
                    assertRefused(() -> ordersService.refund(shop, "no-such-order", request), 404, "order_not_found", where);
                }
                case REPLAY, CHANGED_REPLAY -> {
                    List<RefundRequest> known = orders.stream().flatMap(o -> o.refunds.stream()).toList();
                    if (known.isEmpty()) {
                        return;
                    }
                    RefundRequest stored = known.get(r.amountPick() % known.size());
                    Order of = orders.stream().filter(o -> o.refunds.contains(stored)).findFirst().orElseThrow();
                    if (r.kind() == RefundKind.REPLAY) {
                        Receipt<RefundView> receipt = ordersService.refund(shop, of.id(), stored);
                        assertThat(receipt.replayed()).as(where + ": the same refund again is a replay").isTrue();
                        checkOrder(of, where);
                    } else {
                        RefundRequest changed = new RefundRequest(stored.refundId(), null,
                                List.of(new RefundRequest.Line(stored.lines().getFirst().lineId(),
                                        stored.lines().getFirst().amountFen() + 1)));
                        assertRefused(() -> ordersService.refund(shop, of.id(), changed), 409, "idempotency_conflict", where);
                    }
                }
            }
        }

        private void refuse(Order order, String refundId, List<RefundRequest.Line> lines, String where) {
            RefundRequest request = new RefundRequest(refundId, null, lines);
            assertRefused(() -> ordersService.refund(shop, order.id(), request), 400, "invalid_lines_amount_fen", where);
            checkOrder(order, where);
        }

        private void accept(Order order, RefundRequest request, String where) {
            long reversedInModel = 0;
            for (RefundRequest.Line wanted : request.lines()) {
                Line line = order.lines.stream().filter(l -> l.id.equals(wanted.lineId())).findFirst().orElseThrow();
                line.refunded += wanted.amountFen();
                long kept = line.amount - line.refunded;
                for (Commission c : line.commission) {
                    long due = commissionOn(c.fixedAmount, c.rateBp, c.fixedFen, line.amount, kept);
                    long reversed = c.amount - due;
                    if (reversed <= 0 || c.status == Status.REVERSED) {
                        continue;
                    }
                    Wallet wallet = wallets.get(c.beneficiary);
                    if (c.status == Status.SETTLED) {
                        wallet.available -= reversed;
                        wallet.clawedBack = true;
                        clawbacks++;
                        negativeAfterClawback |= wallet.available < 0;
                    } else {
                        wallet.pending -= reversed;
                    }
                    reversedInModel += reversed;
                    c.amount = due;
                    if (due == 0) {
                        c.status = Status.REVERSED;
                    }
                }
            }
            Receipt<RefundView> receipt = ordersService.refund(shop, order.id(), request);
            order.refunds.add(request);
            assertThat(receipt.replayed()).as(where + ": a new refund is no replay").isFalse();
            long reversedByEngine = -receipt.body().reversals().stream().mapToLong(RefundView.Reversal::amountFen).sum();
            assertThat(reversedByEngine).as(where + ": commission reversed by the refund").isEqualTo(reversedInModel);
            checkOrder(order, where);
        }

        // ------------------------------------------------------------ completion and settlement

        void complete(Complete c, String where) {
            if (orders.isEmpty()) {
                return;
            }
            List<Order> open = orders.stream().filter(o -> !o.completed).toList();
            Order order = open.isEmpty() ? orders.get(c.orderPick() % orders.size()) : open.get(c.orderPick() % open.size());
            if (!order.completed) {
                order.completed = true;
                Instant settleAfter = now.plus(Duration.ofDays(settings.settlementDelayDays()));
                order.lines.forEach(l -> l.commission.stream().filter(x -> x.status == Status.PENDING)
                        .forEach(x -> x.settleAfter = settleAfter));
            }
            ordersService.complete(shop, order.id(), now);
        }

        void advanceAndSettle(AdvanceAndSettle s, String where) {
            now = now.plus(Duration.ofHours(s.hours()));
            int lines = 0;
            long fen = 0;
            for (Order order : orders) {
                for (Line line : order.lines) {
                    for (Commission c : line.commission) {
                        if (c.status == Status.PENDING && c.settleAfter != null && !c.settleAfter.isAfter(now)) {
                            c.status = Status.SETTLED;
                            Wallet wallet = wallets.get(c.beneficiary);
                            wallet.pending -= c.amount;
                            wallet.available += c.amount;
                            lines++;
                            fen += c.amount;
                        }
                    }
                }
            }
            settledLines += lines;
            Settlement.Result result = settlement.settle(shop, now);
            assertThat(result.settledLines()).as(where + ": lines settled").isEqualTo(lines);
            assertThat(result.settledFen()).as(where + ": fen settled").isEqualTo(fen);
            checkAllOrders(where);
        }

        // ------------------------------------------------------------ withdrawals

        void withdraw(Withdraw w, String where) {
            long threshold = settings.withdrawalThresholdFen();
            // Mostly sharers who have something to withdraw, so that requests are granted as well as refused.
            List<Long> rich = sharers.stream().filter(s -> wallets.get(s).available >= threshold).toList();
            List<Long> candidates = rich.isEmpty() || w.kind() == WithdrawKind.BELOW_THRESHOLD ? sharers : rich;
            long sharer = candidates.get(w.sharerPick() % candidates.size());
            Wallet wallet = wallets.get(sharer);
            long room = Math.max(0, wallet.available - threshold);
            long amount = switch (w.kind()) {
                case WITHIN_AVAILABLE -> threshold + w.amountPick() % (room + 1);
                case ALL_AVAILABLE -> Math.max(1, wallet.available);
                case MORE_THAN_AVAILABLE -> Math.max(wallet.available, threshold) + 1 + w.amountPick() % 5000;
                case BELOW_THRESHOLD -> threshold > 1 ? 1 + w.amountPick() % (threshold - 1) : 0;
                case REPLAY, CHANGED_REPLAY -> -1;
            };
            if (amount < 0) {
                replayWithdrawal(w, where);
                return;
            }
            String key = "w-" + (++counter);
            Withdrawals.WithdrawalRequest request = new Withdrawals.WithdrawalRequest(sharer, amount,
                    Withdrawal.PayoutChannel.WECHAT, "wx-" + sharer, "Sharer " + sharer);
            long availableBefore = ledger.balance(shop, new SharerId(sharer)).availableFen();
            if (amount < threshold) {
                assertRefused(() -> withdrawals.request(shop, key, request), 400, "invalid_amount_fen", where);
                return;
            }
            if (amount > wallet.available) {
                assertThatThrownBy(() -> withdrawals.request(shop, key, request))
                        .as(where + ": a withdrawal beyond the available balance is refused")
                        .isInstanceOf(Ledger.InsufficientFunds.class)
                        .satisfies(e -> assertThat(((ApiProblem) e).status().value()).isEqualTo(409));
                insufficientRefusals++;
                return;
            }
            Withdrawals.Requested requested = withdrawals.request(shop, key, request);
            assertThat(requested.replayed()).as(where).isFalse();
            assertThat(amount).as(where + ": granted only within the available balance").isLessThanOrEqualTo(availableBefore);
            long fee = amount * settings.withdrawalFeeBp() / 10_000;
            assertThat(requested.withdrawal().feeFen()).as(where + ": fee").isEqualTo(fee);
            assertThat(requested.withdrawal().status()).isEqualTo(Withdrawal.Status.REQUESTED);
            wallet.available -= amount;
            wallet.frozen += amount;
            granted++;
            payouts.add(new Payout(requested.withdrawal().id(), key, request, fee));
        }

        private void replayWithdrawal(Withdraw w, String where) {
            if (payouts.isEmpty()) {
                return;
            }
            Payout payout = payouts.get(w.amountPick() % payouts.size());
            if (w.kind() == WithdrawKind.REPLAY) {
                Withdrawals.Requested again = withdrawals.request(shop, payout.key, payout.request);
                assertThat(again.replayed()).as(where + ": same key, same request").isTrue();
                assertThat(again.withdrawal().id()).isEqualTo(payout.id);
                assertThat(again.withdrawal().status()).isEqualTo(payout.status);
            } else {
                Withdrawals.WithdrawalRequest q = payout.request;
                Withdrawals.WithdrawalRequest changed = new Withdrawals.WithdrawalRequest(q.sharerId(), q.amountFen() + 1,
                        q.channel(), q.accountNo(), q.accountName());
                assertRefused(() -> withdrawals.request(shop, payout.key, changed), 409, "idempotency_conflict", where);
            }
        }

        void decide(Decide d, String where) {
            if (payouts.isEmpty()) {
                return;
            }
            // Mostly a withdrawal the decision applies to; otherwise any, which may be a refused transition.
            Withdrawal.Status fits = switch (d.decision()) {
                case APPROVE, APPROVE_AND_PAY -> Withdrawal.Status.REQUESTED;
                case PAY -> Withdrawal.Status.APPROVED;
                case REJECT -> null;
            };
            List<Payout> candidates = payouts.stream().filter(p -> fits == null
                    ? p.status == Withdrawal.Status.REQUESTED || p.status == Withdrawal.Status.APPROVED
                    : p.status == fits).toList();
            if (candidates.isEmpty() || d.withdrawalPick() % 5 == 0) {
                candidates = payouts;
            }
            Payout payout = candidates.get(d.withdrawalPick() / 5 % candidates.size());
            switch (d.decision()) {
                case APPROVE -> approve(payout, where);
                case REJECT -> reject(payout, where);
                case PAY -> pay(payout, where);
                case APPROVE_AND_PAY -> {
                    approve(payout, where);
                    pay(payout, where);
                }
            }
        }

        private void approve(Payout payout, String where) {
            if (payout.status == Withdrawal.Status.REQUESTED || payout.status == Withdrawal.Status.APPROVED) {
                assertThat(withdrawals.approve(shop, payout.id).status()).isEqualTo(Withdrawal.Status.APPROVED);
                payout.status = Withdrawal.Status.APPROVED;
            } else {
                assertRefused(() -> withdrawals.approve(shop, payout.id), 409, "invalid_status_transition", where);
            }
        }

        private void reject(Payout payout, String where) {
            Wallet wallet = wallets.get(payout.request.sharerId());
            if (payout.status == Withdrawal.Status.PAID) {
                assertRefused(() -> withdrawals.reject(shop, payout.id, "account name does not match"), 409,
                        "invalid_status_transition", where);
                return;
            }
            assertThat(withdrawals.reject(shop, payout.id, "account name does not match").status())
                    .isEqualTo(Withdrawal.Status.REJECTED);
            if (payout.status != Withdrawal.Status.REJECTED) {
                wallet.frozen -= payout.request.amountFen();
                wallet.available += payout.request.amountFen();
                payout.status = Withdrawal.Status.REJECTED;
            }
        }

        private void pay(Payout payout, String where) {
            Wallet wallet = wallets.get(payout.request.sharerId());
            if (payout.status == Withdrawal.Status.REQUESTED || payout.status == Withdrawal.Status.REJECTED) {
                assertRefused(() -> withdrawals.markPaid(shop, payout.id, "bank-" + payout.id), 409,
                        "invalid_status_transition", where);
                return;
            }
            assertThat(withdrawals.markPaid(shop, payout.id, "bank-" + payout.id).status()).isEqualTo(Withdrawal.Status.PAID);
            if (payout.status == Withdrawal.Status.APPROVED) {
                wallet.frozen -= payout.request.amountFen();
                wallet.paidOut += payout.request.amountFen() - payout.fee;
                payout.status = Withdrawal.Status.PAID;
                paidOut++;
            }
        }

        // ------------------------------------------------------------ checks

        /** Every wallet equals the model; the books balance; frozen and fee money match the withdrawals. */
        void checkWallets(String where) {
            long sharerTotal = 0;
            for (Map.Entry<Long, Wallet> e : wallets.entrySet()) {
                long sharer = e.getKey();
                Wallet model = e.getValue();
                Balance actual = ledger.balance(shop, new SharerId(sharer));
                assertThat(actual).as(where + ": wallet of sharer " + sharer + " (model " + model + ")")
                        .isEqualTo(new Balance(model.pending, model.available, model.frozen, model.paidOut));
                assertThat(actual.pendingFen()).as(where + ": pending of " + sharer).isNotNegative();
                assertThat(actual.frozenFen()).as(where + ": frozen of " + sharer).isNotNegative();
                assertThat(actual.paidOutFen()).as(where + ": paid out of " + sharer).isNotNegative();
                if (actual.availableFen() < 0) {
                    assertThat(model.clawedBack).as(where + ": only a clawback makes available of " + sharer + " negative")
                            .isTrue();
                }
                long frozenInWithdrawals = withdrawals.list(shop, null, new SharerId(sharer), 0, 1000).stream()
                        .filter(x -> x.status() == Withdrawal.Status.REQUESTED || x.status() == Withdrawal.Status.APPROVED)
                        .mapToLong(Withdrawal::amountFen).sum();
                assertThat(actual.frozenFen()).as(where + ": frozen of " + sharer + " = its open withdrawals")
                        .isEqualTo(frozenInWithdrawals);
                sharerTotal += model.pending + model.available + model.frozen + model.paidOut;
            }
            Ledger.Audit audit = ledger.audit(shop);
            assertThat(audit.balanced()).as(where + ": books balance: " + audit).isTrue();
            long commission = orders.stream().flatMap(o -> o.lines.stream()).flatMap(l -> l.commission.stream())
                    .mapToLong(c -> c.amount).sum();
            long fees = payouts.stream().filter(p -> p.status == Withdrawal.Status.PAID).mapToLong(p -> p.fee).sum();
            assertThat(audit.byAccount().getOrDefault("SHOP_COMMISSION", 0L)).as(where + ": shop's commission cost")
                    .isEqualTo(-commission);
            assertThat(audit.byAccount().getOrDefault("SHOP_WITHDRAWAL_FEES", 0L)).as(where + ": fees kept").isEqualTo(fees);
            assertThat(commission).as(where + ": every fen of commission sits in some wallet")
                    .isEqualTo(sharerTotal + fees);
        }

        void checkAllOrders(String where) {
            orders.forEach(o -> checkOrder(o, where));
        }

        void checkOrder(Order order, String where) {
            checkLines(order, ordersService.get(shop, order.id()), where);
        }

        /** The engine's commission lines of an order are exactly the model's, each within 0 … its original value. */
        void checkLines(Order order, OrderView view, String where) {
            for (OrderView.Line line : view.lines()) {
                Line model = order.lines.stream().filter(l -> l.id.equals(line.lineId())).findFirst().orElseThrow();
                assertThat(line.refundedFen()).as(where + ": refunded of " + order.id() + "/" + line.lineId())
                        .isEqualTo(model.refunded);
            }
            List<String> expected = new ArrayList<>();
            for (Line line : order.lines) {
                for (Commission c : line.commission) {
                    expected.add(line.id + " depth " + c.depth + " to " + c.beneficiary + ": " + c.amount + " of " + c.original
                            + " " + c.status);
                }
            }
            List<String> actual = new ArrayList<>();
            for (CommissionLine c : view.commission()) {
                assertThat(c.amountFen()).as(where + ": commission line " + c.id() + " never negative").isNotNegative();
                assertThat(c.amountFen()).as(where + ": commission line " + c.id() + " never above its original value")
                        .isLessThanOrEqualTo(c.originalFen());
                actual.add(c.orderLineId() + " depth " + c.depth() + " to " + c.beneficiarySharerId().value() + ": "
                        + c.amountFen() + " of " + c.originalFen() + " " + c.status());
            }
            assertThat(actual).as(where + ": commission lines of " + order.id()).containsExactlyInAnyOrderElementsOf(expected);
        }

        void assertRefused(Runnable call, int status, String code, String where) {
            assertThatThrownBy(call::run).as(where + ": refused with " + status + " " + code)
                    .isInstanceOf(ApiProblem.class)
                    .satisfies(e -> {
                        ApiProblem problem = (ApiProblem) e;
                        assertThat(problem.status().value()).as(where + ": " + problem.getMessage()).isEqualTo(status);
                        assertThat(problem.code()).as(where + ": " + problem.getMessage()).isEqualTo(code);
                    });
        }
    }
}
