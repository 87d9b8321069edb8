package org.sharerengine.commission;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.catalog.Products;
import org.sharerengine.ledger.Account;
import org.sharerengine.ledger.Journal;
import org.sharerengine.ledger.Journal.Leg;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.leveling.SharerLevels;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.Sharers;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.BatchInserts;
import org.sharerengine.shared.Database;
import org.sharerengine.shared.KeyLookup;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Programme;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Computes commission lines at payment and reverses them on refunds (SPEC §4). */
@Service
public class Commissions {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Sharers sharers;
    private final Ledger ledger;
    private final CommissionRun.Sources runSources;
    private final Clock clock;
    private final KeyLookup byOrderLine;

    Commissions(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Sharers sharers, Products products, SharerLevels levels,
            CommissionTemplates templates, Boosts boosts, Ledger ledger, BatchInserts inserts, Clock clock, Database database) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.sharers = sharers;
        this.ledger = ledger;
        this.runSources = new CommissionRun.Sources(products, boosts, sharers, levels, templates, inserts, ledger);
        this.clock = clock;
        this.byOrderLine = database.lookup("commission_line", "c", "order_line_id", "bigint");
    }

    /**
     * The commission of one intake, priced order by order and written at once; runs inside the
     * intake's transaction. {@code productIds}: those of every line of the intake; {@code paidAts}:
     * when its orders were paid; {@code chains}: the sharers its orders are attributed to, each with
     * its inviters as deep as the programme's commission depth ({@link Sharers#chains}); a sharer
     * missing from them is read when an order needs it.
     */
    public CommissionRun run(ShopId shop, Programme programme, Collection<String> productIds, Collection<Instant> paidAts,
            Map<SharerId, List<Sharer>> chains) {
        // At the database's precision, so that the lines the run answers equal the lines stored.
        return new CommissionRun(runSources, shop, programme, productIds, paidAts, chains, Timestamps.stored(clock.instant()));
    }

    /** A new commission line's columns (but its id) and their types, in the order of the values {@link #row} gives. */
    static final String LINE_COLUMNS = """
            shop_id int8, order_id int8, order_line_id int8, depth int4, beneficiary_id int8, attributed_sharer_id int8,
            attribution_rule varchar, order_external_id varchar, line_external_id varchar, product_id varchar, quantity int4,
            rule varchar, rate_bp int4, fixed_fen int8, line_amount_fen int8, kept_amount_fen int8, original_fen int8,
            amount_fen int8, status varchar, created_at timestamptz, template_id int8, template_name varchar, level_rank int4,
            base_rate_bp int4, tier_metric varchar, tier_threshold int8, tier_figure int8, tier_rate_bp int4, boost_id int8,
            boost_rate_bp int4""";

    static Object[] row(ShopId shop, PaidOrder order, PaidOrder.Line line, int depth, SharerId beneficiary,
            CommissionPolicy.Priced priced, long amount, Instant now) {
        CommissionTerms terms = priced.terms();
        CommissionLine.TemplateUsed template = priced.template();
        CommissionLine.TierUsed tier = priced.tierStep();
        CommissionLine.BoostUsed boost = priced.boost();
        return new Object[] {shop.value(), order.orderId(), line.lineId(), depth, beneficiary.value(),
                order.attributedSharerId().value(), order.attributionRule(), order.externalId(), line.externalLineId(),
                line.productId(), line.quantity(), terms.rule().name(), terms.rateBp(), terms.fixedFen(), line.amountFen(),
                line.amountFen(), amount, amount, CommissionStatus.PENDING.name(), Timestamps.utc(now),
                template == null ? null : template.id(), template == null ? null : template.name(), priced.levelRank(),
                priced.baseRateBp(), tier == null ? null : tier.metric().name(), tier == null ? null : tier.threshold(),
                tier == null ? null : tier.figure(), tier == null ? null : tier.rateBp(), boost == null ? null : boost.id(),
                boost == null ? null : boost.extraRateBp()};
    }

    /** The line {@link #row} writes, as {@link #map} reads it back once stored under {@code id}. */
    static CommissionLine line(long id, PaidOrder order, PaidOrder.Line line, int depth, SharerId beneficiary,
            CommissionPolicy.Priced priced, long amount, Instant now) {
        CommissionTerms terms = priced.terms();
        return new CommissionLine(id, order.externalId(), line.externalLineId(), line.productId(), line.quantity(), depth,
                beneficiary, order.attributedSharerId(), order.attributionRule(), terms.rule(), terms.rateBp(), terms.fixedFen(),
                priced.levelRank(), priced.template(), priced.baseRateBp(), priced.tierStep(), priced.boost(), line.amountFen(),
                line.amountFen(), amount, amount, CommissionStatus.PENDING, null, null, now);
    }

    /**
     * Brings every commission line of the order's refunded lines (all depths) to its value on the
     * amount kept; the difference is to be reversed from pending money, or clawed back from
     * available money when the line was already settled (the balance may go negative). The money
     * moves when the answer is {@linkplain Reversal#post posted}: a refund locks the seller's level
     * row in between, since wallets are locked after level rows (as an intake group does).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reversal reverseForRefund(ShopId shop, long orderId, long refundId, List<LineRefund> refunded) {
        Map<Long, LineRefund> byLine = refunded.stream().collect(Collectors.toMap(LineRefund::orderLineId, r -> r));
        if (byLine.isEmpty()) {
            return new Reversal(shop, List.of());
        }
        record Locked(CommissionLine line, long orderLineId) {
        }
        // The order named too: the lines are indexed by order, then order line (V18).
        List<Locked> lines = jdbc.sql("select c.* " + byOrderLine.from() + " and c.order_id = ?" + byOrderLine.forUpdate("c.id"))
                .params(byOrderLine.args(shop.value(), byLine.keySet().stream().sorted().toArray(Long[]::new)))
                .param(orderId)
                .query((rs, n) -> new Locked(map(rs, n), rs.getLong("order_line_id"))).stream()
                .sorted(Comparator.comparingLong(locked -> locked.line().id())).toList();
        Instant now = clock.instant();
        List<Journal> journals = new ArrayList<>();
        List<MapSqlParameterSource> changes = new ArrayList<>();
        for (Locked locked : lines) {
            CommissionLine line = locked.line();
            long kept = byLine.get(locked.orderLineId()).keptFen();
            long due = line.terms().commissionOn(line.lineAmountFen(), kept);
            long reversed = line.amountFen() - due;
            if (reversed <= 0 || line.status() == CommissionStatus.REVERSED) {
                continue;
            }
            boolean settled = line.status() == CommissionStatus.SETTLED;
            String kind = settled ? "CLAWBACK" : "REVERSAL";
            journals.add(Journal.transfer(kind, "commission-line:" + line.id() + ":refund:" + refundId,
                    Leg.of(settled ? Account.SHARER_AVAILABLE : Account.SHARER_PENDING, line.beneficiarySharerId(), -reversed),
                    Leg.shop(Account.SHOP_COMMISSION, reversed)));
            changes.add(new MapSqlParameterSource().addValue("shop", shop.value()).addValue("id", line.id())
                    .addValue("due", due).addValue("kept", kept).addValue("refund", refundId).addValue("kind", kind)
                    .addValue("amount", -reversed).addValue("now", Timestamps.utc(now)));
        }
        MapSqlParameterSource[] batchOfChanges = changes.toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                update commission_line set amount_fen = :due, kept_amount_fen = :kept,
                  status = case when :due = 0 then 'REVERSED' else status end
                where shop_id = :shop and id = :id""", batchOfChanges);
        batch.batchUpdate("""
                insert into commission_adjustment (shop_id, commission_line_id, refund_id, kind, amount_fen, kept_amount_fen,
                  created_at) values (:shop, :id, :refund, :kind, :amount, :kept, :now)""", batchOfChanges);
        return new Reversal(shop, journals);
    }

    /** A refund's commission, reversed on its lines, whose money has not moved yet. */
    public final class Reversal {

        private final ShopId shop;
        private final List<Journal> journals;

        private Reversal(ShopId shop, List<Journal> journals) {
            this.shop = shop;
            this.journals = journals;
        }

        /** Moves the money out of the beneficiaries' wallets, in the refund's transaction. */
        public void post() {
            ledger.post(shop, journals);
        }
    }

    /** From {@code at} on, the order's pending lines may be settled (completion + delay, or the settle event). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settleableFrom(ShopId shop, long orderId, Instant at) {
        jdbc.sql("""
                update commission_line set settle_after = :at
                where shop_id = :shop and order_id = :order and status = 'PENDING'""")
                .param("at", Timestamps.utc(at)).param("shop", shop.value()).param("order", orderId).update();
    }

    public CommissionLine get(ShopId shop, long id) {
        return jdbc.sql("select * from commission_line where shop_id = :shop and id = :id")
                .param("shop", shop.value()).param("id", id).query(Commissions::map).optional()
                .orElseThrow(() -> ApiProblem.notFound("commission_line", id));
    }

    public List<CommissionLine> ofOrder(ShopId shop, long orderId) {
        return jdbc.sql("select * from commission_line where shop_id = :shop and order_id = :order order by order_line_id, depth")
                .param("shop", shop.value()).param("order", orderId).query(Commissions::map).list();
    }

    /**
     * A sharer's commission lines, newest first, keyset-paged by line id, read backwards off the index
     * (shop, beneficiary, id) and ordered by it whole for H2's sake (see Ledger.entries).
     */
    public List<CommissionLine> ofBeneficiary(ShopId shop, SharerId sharer, long beforeId, int limit) {
        sharers.get(shop, sharer);
        return jdbc.sql("""
                select * from commission_line where shop_id = :shop and beneficiary_id = :sharer and id < :before
                order by shop_id desc, beneficiary_id desc, id desc fetch first :limit rows only""")
                .param("shop", shop.value()).param("sharer", sharer.value()).param("before", beforeId).param("limit", limit)
                .query(Commissions::map).list();
    }

    public CommissionLine.Explanation explain(ShopId shop, long id) {
        CommissionLine line = get(shop, id);
        List<CommissionLine.Adjustment> adjustments = jdbc.sql("""
                select * from commission_adjustment where shop_id = :shop and commission_line_id = :id order by id""")
                .param("shop", shop.value()).param("id", id)
                .query((rs, n) -> new CommissionLine.Adjustment(rs.getLong("refund_id"), rs.getString("kind"),
                        rs.getLong("amount_fen"), rs.getLong("kept_amount_fen"), Timestamps.instant(rs, "created_at")))
                .list();
        String formula = line.terms().formula(line.lineAmountFen(), line.keptAmountFen());
        return new CommissionLine.Explanation(line, formula, CommissionExplanation.text(line, formula), adjustments);
    }

    static CommissionLine map(ResultSet rs, int row) throws SQLException {
        return new CommissionLine(rs.getLong("id"), rs.getString("order_external_id"), rs.getString("line_external_id"),
                rs.getString("product_id"), rs.getInt("quantity"), rs.getInt("depth"), new SharerId(rs.getLong("beneficiary_id")),
                new SharerId(rs.getLong("attributed_sharer_id")), rs.getString("attribution_rule"),
                CommissionMode.valueOf(rs.getString("rule")), rs.getObject("rate_bp", Integer.class),
                rs.getObject("fixed_fen", Long.class), rs.getObject("level_rank", Integer.class), templateUsed(rs),
                rs.getObject("base_rate_bp", Integer.class), tierUsed(rs), boostUsed(rs), rs.getLong("line_amount_fen"), rs.getLong("kept_amount_fen"),
                rs.getLong("original_fen"), rs.getLong("amount_fen"), CommissionStatus.valueOf(rs.getString("status")),
                Timestamps.instant(rs, "settle_after"), Timestamps.instant(rs, "settled_at"),
                Timestamps.instant(rs, "created_at"));
    }

    private static CommissionLine.TemplateUsed templateUsed(ResultSet rs) throws SQLException {
        Long id = rs.getObject("template_id", Long.class);
        return id == null ? null : new CommissionLine.TemplateUsed(id, rs.getString("template_name"));
    }

    private static CommissionLine.TierUsed tierUsed(ResultSet rs) throws SQLException {
        String metric = rs.getString("tier_metric");
        return metric == null ? null : new CommissionLine.TierUsed(TierMetric.valueOf(metric), rs.getLong("tier_threshold"),
                rs.getLong("tier_figure"), rs.getInt("tier_rate_bp"));
    }

    private static CommissionLine.BoostUsed boostUsed(ResultSet rs) throws SQLException {
        Long id = rs.getObject("boost_id", Long.class);
        return id == null ? null : new CommissionLine.BoostUsed(id, rs.getInt("boost_rate_bp"));
    }
}
