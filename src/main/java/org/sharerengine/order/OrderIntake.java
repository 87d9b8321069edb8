package org.sharerengine.order;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.sharerengine.attribution.Attribution;
import org.sharerengine.attribution.Attributions;
import org.sharerengine.commission.CommissionLine;
import org.sharerengine.commission.CommissionRun;
import org.sharerengine.commission.Commissions;
import org.sharerengine.commission.PaidOrder;
import org.sharerengine.leveling.LevelActivity;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.BatchInserts;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Programme;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores new paid orders, one or a batch, with the result of receiving them one at a time in
 * their order: each is attributed, priced and counted for levels after the ones before it. The
 * writes go in batches across all the orders (orders, lines, commission lines, ledger entries,
 * wallets, level activity, monthly sales), all of them through one {@link Pipeline}, so that on
 * PostgreSQL they reach the database in one round trip at the end; what stays the same from order
 * to order is read once.
 */
@Component
class OrderIntake {

    /** A new order; {@code field} prefixes the fields named in its problems ("orders[3]." in a batch). */
    record Incoming(String field, OrderRequest request, String hash) {
    }

    /** A stored order and the commission it paid; {@code view} is the order as written, as a read of it would show it. */
    record Stored(long id, String orderId, SharerId attributedSharerId, long commissionFen, OrderView view) {
    }

    private final BatchInserts inserts;
    private final Pipelines pipelines;
    private final Attributions attributions;
    private final Commissions commissions;
    private final LevelActivity levelActivity;
    private final Shops shops;
    private final MonthToDateSales monthToDate;
    private final SharerMonthSales monthSales;
    private final Clock clock;
    private final boolean genericPlans;

    OrderIntake(BatchInserts inserts, Pipelines pipelines, Attributions attributions, Commissions commissions,
            LevelActivity levelActivity, Shops shops, MonthToDateSales monthToDate, SharerMonthSales monthSales, Clock clock,
            Database database) {
        this.genericPlans = database.postgres();
        this.inserts = inserts;
        this.pipelines = pipelines;
        this.attributions = attributions;
        this.commissions = commissions;
        this.levelActivity = levelActivity;
        this.shops = shops;
        this.monthToDate = monthToDate;
        this.monthSales = monthSales;
        this.clock = clock;
    }

    /**
     * What an intake reads before it writes anything: the settings, every order's attribution, the
     * commission run's products, boosts and sellers' chains, and the level programme its sales count
     * under. Intake writes none of these, so they may be read before the intake's turn to write comes.
     */
    private record Prepared(ShopId shop, List<Incoming> orders, Instant now, ProgrammeSettings settings, List<Instant> paidAts,
            List<Attribution> attributed, CommissionRun run, LevelActivity.Sales sales, Pipeline pipeline) {
    }

    /**
     * The reads an intake begins with, asked among the caller's {@code reads}: the shop's programme,
     * and the share tokens, bindings and sharers' chains the orders' claims lead to.
     */
    record Reading(ShopId shop, Reads.Answer<Programme> programme, Attributions.Reading claims) {
    }

    /**
     * On PostgreSQL, for the rest of the intake's transaction: every statement with the plan made for
     * any arguments, not one made again for each call's. PostgreSQL otherwise planned two of intake's
     * statements again at every call, because their arrays' sizes vary (the sharers with their chains,
     * 0.82 ms a group of 16 orders on the large benchmark, and the months so far, 0.31 ms), and those
     * generic plans also ran faster (see bench/RESULTS.md, the twenty-seventh machine). Local to the
     * transaction: nothing else the instance does changes.
     */
    private static final String GENERIC_PLANS = "select set_config('plan_cache_mode', 'force_generic_plan', true)";

    /**
     * Asks among {@code reads} for what an intake of {@code orders} reads first, so that they go in
     * one round trip with the caller's own (on PostgreSQL). The intake may then store all of these
     * orders or some of them.
     */
    Reading read(Reads reads, ShopId shop, List<OrderRequest> orders) {
        if (genericPlans) {
            reads.query(GENERIC_PLANS, new Object[0], rs -> null);
        }
        return new Reading(shop, shops.programme(reads, shop),
                attributions.read(reads, shop, orders.stream().map(order -> claim(order, null)).toList(), ProgrammeSettings.MAX_DEPTH));
    }

    /**
     * Reads and stores the orders, received now, in the caller's transaction; {@code orders} are
     * among those {@code reading} was asked for. {@code commitsNext}: the transaction commits as soon
     * as this returns (the caller began it and does nothing more in it), so the last writes may go
     * with the commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Stored> store(Reading reading, List<Incoming> orders, boolean commitsNext) {
        return store(reading, orders, clock.instant(), IntakeGroups.WriteTurn.NOW, commitsNext);
    }

    /**
     * Reads what intake never writes, waits for the turn to write, then stores, all in the caller's
     * transaction; {@code orders} are among those {@code reading} was asked for. Waiting holds the
     * transaction's connection but no lock (at most one per intake group in flight); each read after
     * the turn sees what the groups before it committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Stored> store(Reading reading, List<Incoming> orders, Instant receivedAt, IntakeGroups.WriteTurn turn, boolean commitsNext) {
        Prepared prepared = prepare(reading, orders, receivedAt);
        turn.await();
        return write(prepared, commitsNext);
    }

    /**
     * Everything the orders need read before they are stored, as received at {@code receivedAt} (an
     * order without its own payment time is paid then). Writes nothing; throws the first order's
     * problem, named within the batch.
     */
    private Prepared prepare(Reading reading, List<Incoming> orders, Instant receivedAt) {
        ShopId shop = reading.shop();
        // At the database's precision, so that the views answered equal the orders stored.
        Instant now = Timestamps.stored(receivedAt);
        // The settings with the programme's version, at which the library, boosts and level programme may come from memory.
        Programme programme = reading.programme().get();
        ProgrammeSettings settings = programme.settings();
        // Attribution reads only what intake never writes, so every order can be attributed first, from
        // what the intake's first reads found: all the share tokens and bindings the orders lead to and
        // all the sharers, with the chains their commission is paid along.
        Attributions.Intake named = reading.claims().withChains(settings.commissionDepth());
        List<Instant> paidAts = new ArrayList<>(orders.size());
        List<Attribution> attributed = new ArrayList<>(orders.size());
        for (Incoming order : orders) {
            OrderRequest request = order.request();
            try {
                Instant paidAt = request.paidAt() == null ? now : Timestamps.notInFuture("paidAt", request.paidAt(), clock);
                paidAts.add(paidAt);
                attributed.add(named.decide(claim(request, paidAt)));
            } catch (ApiProblem problem) {
                throw within(order.field(), problem);
            }
        }
        CommissionRun run = commissions.run(shop, programme,
                orders.stream().flatMap(o -> o.request().lines().stream()).map(OrderRequest.Line::productId).distinct().toList(),
                paidAts, named.chains());
        Pipeline pipeline = pipelines.open();
        return new Prepared(shop, List.copyOf(orders), now, settings, paidAts, attributed, run,
                levelActivity.sales(shop, programme.version(), settings.selfPurchaseCommission(), settings.zone(), pipeline), pipeline);
    }

    /**
     * Stores prepared orders: each is priced and counted for levels after the ones before it and after
     * everything stored before this call, whose level moves and months so far it reads once it has
     * locked its sellers' level rows. The orders' own rows wait in the pipeline meanwhile: no read
     * here looks for them (the months so far take this intake's orders from memory), and an upgrade,
     * which reads and writes at once, sends the pipeline first.
     */
    private List<Stored> write(Prepared prepared, boolean commitsNext) {
        ShopId shop = prepared.shop();
        List<Incoming> orders = prepared.orders();
        Instant now = prepared.now();
        ProgrammeSettings settings = prepared.settings();
        List<Instant> paidAts = prepared.paidAts();
        List<Attribution> attributed = prepared.attributed();
        CommissionRun run = prepared.run();
        List<SharerId> sharers = attributed.stream().map(Attribution::sharerId).filter(Objects::nonNull).toList();
        Pipeline pipeline = prepared.pipeline();
        // The ids of the orders, their lines and the most commission lines they can earn, in one draw.
        int commissionLines = 0;
        for (int k = 0; k < orders.size(); k++) {
            commissionLines += run.mostLines(attributed.get(k).sharerId(),
                    orders.get(k).request().lines().stream().map(OrderRequest.Line::productId).toList());
        }
        // The draw goes in one round trip with the lock of the sellers' level rows and the ranks of
        // every chain's sharers, read with the lock, and then the months so far of the sellers on tier steps.
        Reads reads = pipelines.reads();
        BatchInserts.Reserved reserved = inserts.reserve(reads, Map.of("shop_order", orders.size(),
                "order_line", orders.stream().mapToInt(order -> order.request().lines().size()).sum(),
                CommissionRun.TABLE, commissionLines));
        LevelActivity.Sales sales = prepared.sales();
        Reads.Answer<Map<SharerId, Integer>> ranks = sales.lockStandings(reads, sharers, run.chainSharers());
        List<SharerId> sellers = attributed.stream().map(Attribution::sharerId).toList();
        Reads.Answer<MonthToDateSales.ReadAhead> months = monthToDate.readAhead(reads, shop, sellers, paidAts,
                run.pricedByTierSteps(sharers), settings.zone());
        reads.send();
        run.ranksRead(ranks.get());
        List<Long> ids = insertOrders(pipeline, shop, orders, paidAts, attributed, now, settings.zone(), reserved);
        List<List<PaidOrder.Line>> lines = insertLines(pipeline, shop, orders, ids, reserved);
        MonthToDateSales.Intake monthsSoFar = monthToDate.of(shop, ids, sellers, paidAts,
                orders.stream().map(order -> total(order.request())).toList(), months.get());
        List<SharerMonthSales.Change> monthly = new ArrayList<>();
        for (int k = 0; k < orders.size(); k++) {
            OrderRequest request = orders.get(k).request();
            Attribution attribution = attributed.get(k);
            SharerId sharer = attribution.sharerId();
            Instant paidAt = paidAts.get(k);
            int position = k;
            run.price(new PaidOrder(ids.get(k), request.orderId(), sharer,
                    attribution.rule().name(), attribution.selfPurchase(), paidAt, lines.get(k),
                    zone -> monthsSoFar.before(position, zone)));
            long total = total(request);
            if (sharer != null) {
                // After the commission: this order earns at the level the sharer held before it.
                sales.sold(sharer, run.earns(sharer), ids.get(k), total, attribution.selfPurchase(), paidAt)
                        .ifPresent(rank -> run.levelMoved(sharer, rank));
                monthly.add(SharerMonthSales.sale(sharer, paidAt, settings.zone(), total));
            }
        }
        sales.write();
        Map<String, List<CommissionLine>> commission = run.write(pipeline, reserved).stream()
                .collect(Collectors.groupingBy(CommissionLine::orderId));
        monthSales.add(shop, monthly, pipeline);
        // Nothing is read after these writes: the answers are built from what was written.
        if (commitsNext) {
            pipeline.sendAtCommit();
        } else {
            pipeline.send();
        }
        List<Stored> stored = new ArrayList<>(orders.size());
        for (int k = 0; k < orders.size(); k++) {
            OrderRequest request = orders.get(k).request();
            List<CommissionLine> paid = commission.getOrDefault(request.orderId(), List.of());
            OrderView view = new OrderView(request.orderId(), request.customerId(), paidAts.get(k), total(request), 0,
                    attributed.get(k), lines.get(k).stream().map(l -> new OrderView.Line(l.externalLineId(), l.productId(),
                            l.quantity(), l.amountFen(), 0)).toList(), paid, null, null, now);
            stored.add(new Stored(ids.get(k), request.orderId(), attributed.get(k).sharerId(),
                    paid.stream().mapToLong(CommissionLine::amountFen).sum(), view));
        }
        return stored;
    }

    private List<Long> insertOrders(Pipeline pipeline, ShopId shop, List<Incoming> orders, List<Instant> paidAts,
            List<Attribution> attributed, Instant now, ZoneId zone, BatchInserts.Reserved reserved) {
        List<Object[]> rows = new ArrayList<>(orders.size());
        for (int k = 0; k < orders.size(); k++) {
            OrderRequest request = orders.get(k).request();
            Attribution attribution = attributed.get(k);
            rows.add(new Object[] {shop.value(), request.orderId(), orders.get(k).hash(), request.customerId(),
                    Timestamps.utc(paidAts.get(k)), total(request),
                    attribution.sharerId() == null ? null : attribution.sharerId().value(), attribution.rule().name(),
                    attribution.shareToken(), attribution.selfPurchase(), Timestamps.utc(now),
                    attribution.sharerId() == null ? null : SharerMonthSales.monthOf(paidAts.get(k), zone)});
        }
        return LongStream.of(inserts.insert(pipeline, "shop_order", """
                shop_id int8, external_id varchar, payload_hash varchar, customer_id varchar, paid_at timestamptz, total_fen int8,
                attributed_sharer_id int8, attribution_rule varchar, share_token varchar, self_purchase bool, created_at timestamptz,
                sales_month date""",
                rows, reserved)).boxed().toList();
    }

    private List<List<PaidOrder.Line>> insertLines(Pipeline pipeline, ShopId shop, List<Incoming> orders, List<Long> ids,
            BatchInserts.Reserved reserved) {
        List<Object[]> rows = new ArrayList<>();
        for (int k = 0; k < orders.size(); k++) {
            for (OrderRequest.Line l : orders.get(k).request().lines()) {
                rows.add(new Object[] {shop.value(), ids.get(k), l.lineId(), l.productId(), l.quantity(), l.amountFen(), 0L});
            }
        }
        long[] lineIds = inserts.insert(pipeline, "order_line", """
                shop_id int8, order_id int8, external_line_id varchar, product_id varchar, quantity int4, amount_fen int8,
                refunded_fen int8""", rows, reserved);
        List<List<PaidOrder.Line>> lines = new ArrayList<>(orders.size());
        int next = 0;
        for (Incoming order : orders) {
            List<PaidOrder.Line> ofOrder = new ArrayList<>(order.request().lines().size());
            for (OrderRequest.Line l : order.request().lines()) {
                ofOrder.add(new PaidOrder.Line(lineIds[next++], l.lineId(), l.productId(), l.quantity(), l.amountFen()));
            }
            lines.add(ofOrder);
        }
        return lines;
    }

    private static Attributions.OrderClaim claim(OrderRequest request, Instant paidAt) {
        return new Attributions.OrderClaim(request.customerId(), request.sharerId(), request.sharerExternalUserId(),
                request.shareToken(), paidAt);
    }

    static long total(OrderRequest request) {
        return request.lines().stream().mapToLong(OrderRequest.Line::amountFen).sum();
    }

    /** The same problem, its fields named within the batch. */
    private static ApiProblem within(String field, ApiProblem problem) {
        if (field.isEmpty()) {
            return problem;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        problem.fields().forEach((name, message) -> fields.put(field + name, message));
        return new ApiProblem(problem.status(), problem.code(), field + problem.getMessage(), fields);
    }
}
