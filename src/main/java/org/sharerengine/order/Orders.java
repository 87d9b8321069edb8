package org.sharerengine.order;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sharerengine.attribution.Attribution;
import org.sharerengine.commission.Commissions;
import org.sharerengine.commission.LineRefund;
import org.sharerengine.leveling.LevelActivity;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.Fingerprint;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.ProgrammeSettings.SettlementTrigger;
import org.sharerengine.shop.Shops;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Order intake (SPEC §12): paid orders, refunds, completion and settlement events. Every write
 * is idempotent by the shop's own id: the same order or refund again changes nothing and
 * returns the stored result; the same id with another payload is a conflict.
 */
@Service
public class Orders {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final TransactionTemplate transactions;
    private final Pipelines pipelines;
    private final OrderIntake intake;
    private final Commissions commissions;
    private final LevelActivity levelActivity;
    private final Shops shops;
    private final SharerMonthSales monthSales;
    private final Clock clock;
    private final KeyLookup byExternalId;
    /** Null when single orders are stored one transaction each ({@code engine.intake.group.enabled=false}). */
    private final IntakeGroups groups;

    Orders(JdbcClient jdbc, NamedParameterJdbcTemplate batch, TransactionTemplate transactions, Pipelines pipelines,
            OrderIntake intake, Commissions commissions, LevelActivity levelActivity, Shops shops, SharerMonthSales monthSales,
            Clock clock, Database database,
            @Value("${engine.intake.group.enabled:true}") boolean grouped,
            @Value("${engine.intake.group.max-orders:64}") int maxGroup,
            @Value("${engine.intake.group.in-flight:1}") int groupsInFlight,
            @Value("${engine.intake.group.linger:0s}") Duration linger, MeterRegistry meters) {
        this.groups = grouped ? new IntakeGroups(new IntakeGroups.Intake() {
            @Override
            public Receipt<OrderView> alone(ShopId shop, IntakeGroups.Order order, Instant receivedAt, IntakeGroups.WriteTurn turn) {
                return receiveAlone(shop, order.request(), order.hash(), receivedAt, turn);
            }

            @Override
            public List<IntakeGroups.Answer> together(ShopId shop, List<IntakeGroups.Order> orders, Instant receivedAt,
                    IntakeGroups.WriteTurn turn) {
                return receiveTogether(shop, orders, receivedAt, turn);
            }
        }, clock, maxGroup, groupsInFlight, linger, groupSizes(meters)) : null;
        this.jdbc = jdbc;
        this.batch = batch;
        this.byExternalId = database.lookup("shop_order", "o", "external_id", "varchar");
        this.transactions = transactions;
        this.pipelines = pipelines;
        this.intake = intake;
        this.commissions = commissions;
        this.levelActivity = levelActivity;
        this.shops = shops;
        this.monthSales = monthSales;
        this.clock = clock;
    }

    /** Exposed as {@code /actuator/metrics/engine.intake.group.orders} where the metrics endpoint is open. */
    private static DistributionSummary groupSizes(MeterRegistry meters) {
        return DistributionSummary.builder("engine.intake.group.orders").baseUnit("orders")
                .description("Single orders stored per intake group, one transaction and one commit each").register(meters);
    }

    private record StoredOrder(long id, String externalId, String payloadHash, String customerId, Instant paidAt, long totalFen,
            SharerId sharerId, Attribution.Rule rule, String shareToken, boolean selfPurchase, Instant completedAt,
            Instant settleEventAt, Instant createdAt, LocalDate salesMonth) {
    }

    /**
     * Receives one paid order. Concurrent orders of the same shop are stored together, each with
     * the result and the answer it would have had alone in the order of arrival (see {@link IntakeGroups}).
     */
    public Receipt<OrderView> receive(ShopId shop, OrderRequest request) {
        requireDistinct(request.lines().stream().map(OrderRequest.Line::lineId).toList(), "lines.lineId");
        String hash = Fingerprint.of(request);
        // A caller inside a transaction of its own (the demo's seeding) stores its order in it: a group is
        // stored by a writer thread, in a transaction of the writer's, which would not see the caller's writes.
        return groups == null || TransactionSynchronizationManager.isActualTransactionActive()
                ? receiveAlone(shop, request, hash, clock.instant(), IntakeGroups.WriteTurn.NOW)
                : groups.receive(shop, new IntakeGroups.Order(request, hash));
    }

    private Receipt<OrderView> receiveAlone(ShopId shop, OrderRequest request, String hash, Instant receivedAt,
            IntakeGroups.WriteTurn turn) {
        Received received;
        try {
            received = receiveNew(shop, List.of(new OrderIntake.Incoming("", request, hash)), receivedAt, turn);
        } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
            // The same order arrived concurrently and the other request stored it first.
            return replay(shop, find(shop, request.orderId()).orElseThrow(() -> raced), hash);
        }
        OrderView stored = received.stored().get(request.orderId());
        return stored != null ? new Receipt<>(stored, false) : replay(shop, received.known().get(request.orderId()), hash);
    }

    /**
     * Receives a group of single orders in one transaction. The orders received before are found
     * in one read and replayed; an order id sent twice in the group is stored the first time and
     * replayed (or refused, with another payload) the second, as one after the other would be.
     * Throws, having stored nothing, when any new order cannot be stored. The known orders are read
     * before the group's turn to write: an order that an earlier group is storing meanwhile is not
     * known yet, so its insert fails the group and each caller then sends its order alone (a replay).
     */
    private List<IntakeGroups.Answer> receiveTogether(ShopId shop, List<IntakeGroups.Order> orders, Instant receivedAt,
            IntakeGroups.WriteTurn turn) {
        List<OrderIntake.Incoming> incoming = orders.stream()
                .map(order -> new OrderIntake.Incoming("", order.request(), order.hash())).toList();
        Received received = receiveNew(shop, incoming, receivedAt, turn);
        Map<String, String> storedHashes = new HashMap<>();
        List<IntakeGroups.Answer> answers = new ArrayList<>(orders.size());
        for (IntakeGroups.Order order : orders) {
            String id = order.request().orderId();
            try {
                if (!received.stored().containsKey(id)) {
                    answers.add(IntakeGroups.Answer.of(replay(shop, received.known().get(id), order.hash())));
                } else if (storedHashes.putIfAbsent(id, order.hash()) == null) {
                    answers.add(IntakeGroups.Answer.of(new Receipt<>(received.stored().get(id), false)));
                } else {
                    requireSamePayload(id, storedHashes.get(id), order.hash());
                    answers.add(IntakeGroups.Answer.of(new Receipt<>(received.stored().get(id), true)));
                }
            } catch (ApiProblem problem) {
                answers.add(IntakeGroups.Answer.refused(problem));
            }
        }
        return answers;
    }

    /** The orders of an intake received before, by id, and the views of those it stored. */
    private record Received(Map<String, StoredOrder> known, Map<String, OrderView> stored) {
    }

    /**
     * Finds which of the orders were received before, and stores the others (an id twice, the first
     * time), in one transaction. Its first reads, of the orders known and of what the intake reads
     * first, go in one round trip on PostgreSQL. Throws, having stored nothing, when any new order
     * cannot be stored.
     */
    private Received receiveNew(ShopId shop, List<OrderIntake.Incoming> orders, Instant receivedAt, IntakeGroups.WriteTurn turn) {
        return transactions.execute(tx -> {
            Reads reads = pipelines.reads();
            Reads.Answer<Map<String, StoredOrder>> knownRead = findAll(reads, shop,
                    orders.stream().map(order -> order.request().orderId()).distinct().toList());
            OrderIntake.Reading reading = intake.read(reads, shop, orders.stream().map(OrderIntake.Incoming::request).toList());
            Map<String, StoredOrder> known = knownRead.get();
            Map<String, OrderIntake.Incoming> fresh = new LinkedHashMap<>();
            for (OrderIntake.Incoming order : orders) {
                if (!known.containsKey(order.request().orderId())) {
                    fresh.putIfAbsent(order.request().orderId(), order);
                }
            }
            Map<String, OrderView> stored = new HashMap<>();
            if (!fresh.isEmpty()) {
                intake.store(reading, List.copyOf(fresh.values()), receivedAt, turn, tx.isNewTransaction())
                        .forEach(order -> stored.put(order.orderId(), order.view()));
            }
            return new Received(known, stored);
        });
    }

    private Receipt<OrderView> replay(ShopId shop, StoredOrder order, String hash) {
        requireSamePayload(order.externalId(), order.payloadHash(), hash);
        return new Receipt<>(view(shop, order), true);
    }

    private static void requireSamePayload(String orderId, String storedHash, String hash) {
        if (!storedHash.equals(hash)) {
            throw ApiProblem.conflict("idempotency_conflict", "Order " + orderId
                    + " was already received with a different payload; an order id can only ever describe one order.");
        }
    }

    public Receipt<RefundView> refund(ShopId shop, String orderExternalId, RefundRequest request) {
        requireDistinct(request.lines().stream().map(RefundRequest.Line::lineId).toList(), "lines.lineId");
        String hash = Fingerprint.of(orderExternalId + "|" + request);
        Optional<RefundView> known = findRefund(shop, request.refundId(), hash);
        if (known.isPresent()) {
            return new Receipt<>(known.get(), true);
        }
        try {
            return transactions.execute(tx -> createRefund(shop, orderExternalId, request, hash));
        } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
            return new Receipt<>(findRefund(shop, request.refundId(), hash).orElseThrow(() -> raced), true);
        }
    }

    private Receipt<RefundView> createRefund(ShopId shop, String orderExternalId, RefundRequest request, String hash) {
        StoredOrder order = lock(shop, orderExternalId);
        // A concurrent copy of this refund may have committed while we waited for the lock: replay it
        // rather than judge its amounts against the line it already refunded.
        Optional<RefundView> committed = findRefund(shop, request.refundId(), hash);
        if (committed.isPresent()) {
            return new Receipt<>(committed.get(), true);
        }
        Map<String, StoredLine> lines = lines(shop, order.id()).stream()
                .collect(Collectors.toMap(StoredLine::externalId, Function.identity()));
        List<LineRefund> refunded = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            RefundRequest.Line wanted = request.lines().get(i);
            StoredLine line = lines.get(wanted.lineId());
            if (line == null) {
                throw ApiProblem.invalid("lines[" + i + "].lineId", "names no line of order " + orderExternalId);
            }
            long refundable = line.amountFen() - line.refundedFen();
            if (wanted.amountFen() > refundable) {
                throw ApiProblem.invalid("lines[" + i + "].amountFen", "is " + wanted.amountFen()
                        + " fen but only " + refundable + " fen of line " + line.externalId() + " can still be refunded");
            }
            refunded.add(new LineRefund(line.id(), line.amountFen(), line.refundedFen() + wanted.amountFen()));
        }
        Instant refundedAt = request.refundedAt() == null ? clock.instant()
                : Timestamps.notBefore("refundedAt", Timestamps.notInFuture("refundedAt", request.refundedAt(), clock),
                        "payment", order.paidAt());
        long total = request.lines().stream().mapToLong(RefundRequest.Line::amountFen).sum();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into refund (shop_id, external_id, order_id, payload_hash, total_fen, refunded_at)
                values (:shop, :ext, :order, :hash, :total, :at)""")
                .param("shop", shop.value()).param("ext", request.refundId()).param("order", order.id()).param("hash", hash)
                .param("total", total).param("at", Timestamps.utc(refundedAt))
                .update(key, "id");
        long refundId = key.getKey().longValue();
        MapSqlParameterSource[] refundLines = request.lines().stream().map(wanted -> new MapSqlParameterSource()
                .addValue("shop", shop.value()).addValue("refund", refundId).addValue("line", lines.get(wanted.lineId()).id())
                .addValue("amount", wanted.amountFen())).toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("insert into refund_line (shop_id, refund_id, order_line_id, amount_fen) values (:shop, :refund, :line, :amount)",
                refundLines);
        batch.batchUpdate("update order_line set refunded_fen = refunded_fen + :amount where shop_id = :shop and id = :line", refundLines);
        long keptAfter = order.totalFen() - lines.values().stream().mapToLong(StoredLine::refundedFen).sum() - total;
        // The seller's level row before any wallet, in the order an intake group locks them (its sellers'
        // level rows, then the wallets of their commission): the other way round, a refund and a group
        // could each wait for a row the other holds. The commission lines are reversed first, so that
        // refunds of one seller's orders wait for each other no longer than they must.
        Commissions.Reversal reversal = commissions.reverseForRefund(shop, order.id(), refundId, refunded);
        levelActivity.refunded(shop, order.sharerId(), order.id(), refundId, keptAfter, refundedAt);
        reversal.post();
        if (order.sharerId() != null) {
            // An order written without its sales month (by SQL of one's own) is taken from its month in the zone of today.
            LocalDate salesMonth = order.salesMonth() != null ? order.salesMonth()
                    : SharerMonthSales.monthOf(order.paidAt(), shops.settings(shop).zone());
            monthSales.add(shop, List.of(SharerMonthSales.refund(order.sharerId(), salesMonth, total, keptAfter == 0)));
        }
        return new Receipt<>(findRefund(shop, request.refundId(), hash).orElseThrow(), false);
    }

    private record StoredRefund(long id, String externalId, String orderExternalId, String hash, long total, Instant at) {
    }

    /** The refund stored under this id, as a replay: the same id with another payload is a conflict. */
    private Optional<RefundView> findRefund(ShopId shop, String refundExternalId, String hash) {
        return storedRefund(shop, refundExternalId).map(refund -> {
            if (!refund.hash().equals(hash)) {
                throw ApiProblem.conflict("idempotency_conflict", "Refund " + refundExternalId
                        + " was already received with a different payload (or for another order).");
            }
            return view(shop, refund);
        });
    }

    private Optional<StoredRefund> storedRefund(ShopId shop, String refundExternalId) {
        return jdbc.sql("""
                select r.id, r.external_id, o.external_id order_ext, r.payload_hash, r.total_fen, r.refunded_at
                from refund r join shop_order o on o.shop_id = r.shop_id and o.id = r.order_id
                where r.shop_id = :shop and r.external_id = :ext""")
                .param("shop", shop.value()).param("ext", refundExternalId)
                .query((rs, n) -> new StoredRefund(rs.getLong("id"), rs.getString("external_id"), rs.getString("order_ext"),
                        rs.getString("payload_hash"), rs.getLong("total_fen"), Timestamps.instant(rs, "refunded_at")))
                .optional();
    }

    private RefundView view(ShopId shop, StoredRefund refund) {
        List<RefundView.Line> lines = jdbc.sql("""
                select l.external_line_id, rl.amount_fen from refund_line rl
                join order_line l on l.shop_id = rl.shop_id and l.id = rl.order_line_id
                where rl.shop_id = :shop and rl.refund_id = :id order by l.id""")
                .param("shop", shop.value()).param("id", refund.id())
                .query((rs, n) -> new RefundView.Line(rs.getString("external_line_id"), rs.getLong("amount_fen"))).list();
        List<RefundView.Reversal> reversals = jdbc.sql("""
                select commission_line_id, kind, amount_fen from commission_adjustment
                where shop_id = :shop and refund_id = :id order by commission_line_id""")
                .param("shop", shop.value()).param("id", refund.id())
                .query((rs, n) -> new RefundView.Reversal(rs.getLong("commission_line_id"), rs.getString("kind"),
                        rs.getLong("amount_fen"))).list();
        return new RefundView(refund.externalId(), refund.orderExternalId(), refund.total(), refund.at(), lines, reversals);
    }

    /** The order is complete (received, no longer in transit); with a completion trigger, settlement is due after the delay. */
    @Transactional
    public OrderView complete(ShopId shop, String orderExternalId, Instant completedAt) {
        return recordEvent(shop, orderExternalId, completedAt, "completed_at", StoredOrder::completedAt,
                SettlementTrigger.DAYS_AFTER_COMPLETION);
    }

    /** The shop's settlement event (WeChat Channels channels_ec_order_settle): the order can no longer be refunded. */
    @Transactional
    public OrderView settleEvent(ShopId shop, String orderExternalId, Instant settledAt) {
        return recordEvent(shop, orderExternalId, settledAt, "settle_event_at", StoredOrder::settleEventAt,
                SettlementTrigger.SETTLE_EVENT);
    }

    /**
     * Records the first completion or settle event of an order (later ones change nothing) and,
     * when it is the event the shop settles on, makes the order's lines due for settlement.
     */
    private OrderView recordEvent(ShopId shop, String orderExternalId, Instant given, String column,
            Function<StoredOrder, Instant> recorded, SettlementTrigger trigger) {
        StoredOrder order = lock(shop, orderExternalId);
        if (recorded.apply(order) != null) {
            return view(shop, order);
        }
        Instant at = given == null ? clock.instant()
                : Timestamps.notBefore("at", Timestamps.notInFuture("at", given, clock), "payment", order.paidAt());
        jdbc.sql("update shop_order set " + column + " = :at where shop_id = :shop and id = :id")
                .param("at", Timestamps.utc(at)).param("shop", shop.value()).param("id", order.id()).update();
        ProgrammeSettings settings = shops.settings(shop);
        if (settings.settlementTrigger() == trigger) {
            Duration delay = trigger == SettlementTrigger.DAYS_AFTER_COMPLETION
                    ? Duration.ofDays(settings.settlementDelayDays()) : Duration.ZERO;
            commissions.settleableFrom(shop, order.id(), at.plus(delay));
        }
        return view(shop, stored(shop, order.id()));
    }

    public OrderView get(ShopId shop, String orderExternalId) {
        return view(shop, find(shop, orderExternalId).orElseThrow(() -> ApiProblem.notFound("order", orderExternalId)));
    }

    public RefundView getRefund(ShopId shop, String orderExternalId, String refundExternalId) {
        return storedRefund(shop, refundExternalId).filter(refund -> refund.orderExternalId().equals(orderExternalId))
                .map(refund -> view(shop, refund))
                .orElseThrow(() -> ApiProblem.notFound("refund", refundExternalId));
    }

    private OrderView view(ShopId shop, StoredOrder order) {
        List<OrderView.Line> lines = lines(shop, order.id()).stream()
                .map(l -> new OrderView.Line(l.externalId(), l.productId(), l.quantity(), l.amountFen(), l.refundedFen())).toList();
        long refunded = lines.stream().mapToLong(OrderView.Line::refundedFen).sum();
        return new OrderView(order.externalId(), order.customerId(), order.paidAt(), order.totalFen(), refunded,
                new Attribution(order.sharerId(), order.rule(), order.shareToken(), order.selfPurchase()), lines,
                commissions.ofOrder(shop, order.id()), order.completedAt(), order.settleEventAt(), order.createdAt());
    }

    private record StoredLine(long id, String externalId, String productId, int quantity, long amountFen, long refundedFen) {
    }

    private List<StoredLine> lines(ShopId shop, long orderId) {
        return jdbc.sql("select * from order_line where shop_id = :shop and order_id = :order order by id")
                .param("shop", shop.value()).param("order", orderId)
                .query((rs, n) -> new StoredLine(rs.getLong("id"), rs.getString("external_line_id"), rs.getString("product_id"),
                        rs.getInt("quantity"), rs.getLong("amount_fen"), rs.getLong("refunded_fen")))
                .list();
    }

    private Optional<StoredOrder> find(ShopId shop, String externalId) {
        return jdbc.sql("select * from shop_order where shop_id = :shop and external_id = :ext")
                .param("shop", shop.value()).param("ext", externalId).query(Orders::map).optional();
    }

    private Reads.Answer<Map<String, StoredOrder>> findAll(Reads reads, ShopId shop, List<String> externalIds) {
        String[] ids = externalIds.toArray(String[]::new);
        Reads.Answer<List<StoredOrder>> found = reads.rows("select o.* " + byExternalId.from(), byExternalId.args(shop.value(), ids),
                Orders::map);
        return found.then(rows -> rows.stream().collect(Collectors.toMap(StoredOrder::externalId, Function.identity())));
    }

    private StoredOrder stored(ShopId shop, long id) {
        return jdbc.sql("select * from shop_order where shop_id = :shop and id = :id")
                .param("shop", shop.value()).param("id", id).query(Orders::map).single();
    }

    /** Locks the order row: refunds and events of one order are applied one at a time. */
    private StoredOrder lock(ShopId shop, String externalId) {
        return jdbc.sql("select * from shop_order where shop_id = :shop and external_id = :ext for update")
                .param("shop", shop.value()).param("ext", externalId).query(Orders::map).optional()
                .orElseThrow(() -> ApiProblem.notFound("order", externalId));
    }

    private static void requireDistinct(List<String> ids, String field) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw ApiProblem.invalid(field, "names line '" + id + "' twice");
            }
        }
    }

    private static StoredOrder map(ResultSet rs, int row) throws SQLException {
        long sharer = rs.getLong("attributed_sharer_id");
        SharerId sharerId = rs.wasNull() ? null : new SharerId(sharer);
        return new StoredOrder(rs.getLong("id"), rs.getString("external_id"), rs.getString("payload_hash"),
                rs.getString("customer_id"), Timestamps.instant(rs, "paid_at"), rs.getLong("total_fen"), sharerId,
                Attribution.Rule.valueOf(rs.getString("attribution_rule")), rs.getString("share_token"),
                rs.getBoolean("self_purchase"), Timestamps.instant(rs, "completed_at"),
                Timestamps.instant(rs, "settle_event_at"), Timestamps.instant(rs, "created_at"),
                rs.getObject("sales_month", LocalDate.class));
    }
}
