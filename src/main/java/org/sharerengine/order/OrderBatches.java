package org.sharerengine.order;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.Fingerprint;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.Pipelines;
import org.sharerengine.shared.Reads;
import org.sharerengine.shared.ShopId;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk intake (SPEC §12): up to 500 paid orders in one request and one transaction, with exactly
 * the result of sending them one at a time in their order. Idempotent per order: orders received
 * before are replayed, and one received before with another payload refuses the whole batch.
 */
@Service
public class OrderBatches {

    private final TransactionTemplate transactions;
    private final Pipelines pipelines;
    private final OrderIntake intake;
    private final KeyLookup byExternalId;

    OrderBatches(TransactionTemplate transactions, Pipelines pipelines, OrderIntake intake, Database database) {
        this.transactions = transactions;
        this.pipelines = pipelines;
        this.intake = intake;
        this.byExternalId = database.lookup("shop_order", "o", "external_id", "varchar");
    }

    private record Known(String hash, Long sharerId, long commissionFen) {
    }

    public OrderBatch.Result receive(ShopId shop, OrderBatch batch) {
        List<OrderRequest> orders = batch.orders();
        requireDistinctIds(orders);
        List<String> hashes = orders.stream().map(Fingerprint::of).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(shop, orders, hashes);
            } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
                // Another request stored some of these orders meanwhile (now they replay), or the
                // database broke a lock cycle with a concurrent batch; nothing of this try was kept.
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /** Tries of one batch before a lasting conflict reaches the client. */
    private static final int ATTEMPTS = 4;

    /** One try of a batch, in one transaction of its own. */
    private OrderBatch.Result attempt(ShopId shop, List<OrderRequest> orders, List<String> hashes) {
        return transactions.execute(tx -> attempt(shop, orders, hashes, tx.isNewTransaction()));
    }

    /**
     * One try of a batch in the caller's transaction: the orders received before, and what the intake
     * reads first, are read in one round trip on PostgreSQL; then the new orders are stored.
     */
    private OrderBatch.Result attempt(ShopId shop, List<OrderRequest> orders, List<String> hashes, boolean commitsNext) {
        Reads reads = pipelines.reads();
        Reads.Answer<Map<String, Known>> knownAnswer = known(reads, shop, orders.stream().map(OrderRequest::orderId).toList());
        OrderIntake.Reading reading = intake.read(reads, shop, orders);
        Map<String, Known> known = knownAnswer.get();
        List<OrderIntake.Incoming> fresh = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            Known before = known.get(orders.get(i).orderId());
            if (before == null) {
                fresh.add(new OrderIntake.Incoming("orders[" + i + "].", orders.get(i), hashes.get(i)));
            } else if (!before.hash().equals(hashes.get(i))) {
                throw ApiProblem.conflict("idempotency_conflict", "Order " + orders.get(i).orderId() + " (orders[" + i
                        + "]) was already received with a different payload; an order id can only ever describe one order. "
                        + "Nothing of this batch was stored.");
            }
        }
        Map<String, OrderIntake.Stored> stored = new HashMap<>();
        if (!fresh.isEmpty()) {
            intake.store(reading, fresh, commitsNext).forEach(order -> stored.put(order.orderId(), order));
        }
        List<OrderBatch.Outcome> outcomes = new ArrayList<>(orders.size());
        for (OrderRequest order : orders) {
            OrderIntake.Stored now = stored.get(order.orderId());
            if (now != null) {
                outcomes.add(new OrderBatch.Outcome(order.orderId(), false,
                        now.attributedSharerId() == null ? null : now.attributedSharerId().value(), now.commissionFen()));
            } else {
                Known before = known.get(order.orderId());
                outcomes.add(new OrderBatch.Outcome(order.orderId(), true, before.sharerId(), before.commissionFen()));
            }
        }
        return new OrderBatch.Result(stored.size(), orders.size() - stored.size(), outcomes);
    }

    /** The orders among these ids received before, with their payload's fingerprint and the commission they paid, in one read. */
    private Reads.Answer<Map<String, Known>> known(Reads reads, ShopId shop, List<String> orderIds) {
        return reads.query("""
                select o.external_id, o.payload_hash, o.attributed_sharer_id,
                  (select coalesce(sum(c.original_fen), 0) from commission_line c where c.shop_id = o.shop_id and c.order_id = o.id) paid
                """ + byExternalId.from(), byExternalId.args(shop.value(), orderIds.toArray(String[]::new)), rs -> {
                    Map<String, Known> known = new HashMap<>();
                    while (rs.next()) {
                        known.put(rs.getString("external_id"), new Known(rs.getString("payload_hash"),
                                rs.getObject("attributed_sharer_id", Long.class), rs.getLong("paid")));
                    }
                    return known;
                });
    }

    private static void requireDistinctIds(List<OrderRequest> orders) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < orders.size(); i++) {
            if (!seen.add(orders.get(i).orderId())) {
                throw ApiProblem.invalid("orders[" + i + "].orderId", "names order '" + orders.get(i).orderId()
                        + "' a second time in this batch");
            }
            Set<String> lines = new HashSet<>();
            List<OrderRequest.Line> ofOrder = orders.get(i).lines();
            for (int j = 0; j < ofOrder.size(); j++) {
                if (!lines.add(ofOrder.get(j).lineId())) {
                    throw ApiProblem.invalid("orders[" + i + "].lines[" + j + "].lineId", "names line '" + ofOrder.get(j).lineId()
                            + "' twice");
                }
            }
        }
    }
}
