package org.sharerengine.leveling;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.SharerJoined;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.network.TeamMemberJoined;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The facts that earn level points (SPEC §5), each recorded once under its natural key and
 * dated in business time, followed at once by an upgrade check. Called by the order and
 * attribution modules inside their transactions, and listening to the network's events.
 * Without a level programme nothing is recorded.
 */
@Service
public class LevelActivity {

    enum Kind { SALE, REFUND, CUSTOMER, RECRUIT, TEAM_MEMBER, GRANT }

    private record Fact(Kind kind, String reference, Long orderId, long points, long salesFen, int orders, int recruits,
            int customers, int teamMembers, Integer pointsPerYuan, String reason, Instant at) {

        Figures figures() {
            return new Figures(points, salesFen, orders, recruits, customers, teamMembers);
        }
    }

    private final JdbcClient jdbc;
    private final Standings standings;
    private final LevelProgrammes programmes;
    private final LevelChanges changes;
    private final Sharers sharers;
    private final Clock clock;

    LevelActivity(JdbcClient jdbc, Standings standings, LevelProgrammes programmes,
            LevelChanges changes, Sharers sharers, Clock clock) {
        this.jdbc = jdbc;
        this.standings = standings;
        this.programmes = programmes;
        this.changes = changes;
        this.sharers = sharers;
        this.clock = clock;
    }

    /**
     * The sales of one intake (one order or a batch), recorded under the level programme read
     * once for all of them, written through the intake's pipeline. {@code selfPurchaseCounts}: the
     * shop pays self-purchase commission.
     */
    public Sales sales(ShopId shop, boolean selfPurchaseCounts, Pipeline pipeline) {
        return new Sales(shop, programmes.find(shop), selfPurchaseCounts, pipeline);
    }

    /**
     * Records an intake's paid orders one at a time, each followed by its upgrade check. Sales of
     * sharers whose level rows the intake locked first are counted in memory and written together
     * by {@link #write} into the pipeline; a sale that earns an upgrade, or lands where its period
     * is in question (ended, or opened at that very instant), first writes what was counted, sends
     * the pipeline (the way of any other activity reads the rows and writes at once) and then goes
     * that way.
     */
    public final class Sales {

        private final ShopId shop;
        private final Optional<LevelProgramme> programme;
        private final boolean selfPurchaseCounts;
        private final Pipeline pipeline;
        /** The locked level rows, with what this intake counted for them so far. */
        private final Map<SharerId, Standing> held = new HashMap<>();
        private final List<Pending> pending = new ArrayList<>();

        private record Pending(SharerId sharer, Fact fact) {
        }

        private Sales(ShopId shop, Optional<LevelProgramme> programme, boolean selfPurchaseCounts, Pipeline pipeline) {
            this.shop = shop;
            this.programme = programme;
            this.selfPurchaseCounts = selfPurchaseCounts;
            this.pipeline = pipeline;
        }

        /**
         * Locks the level rows of these sharers in ascending id order, before any sale of the
         * intake is recorded, and keeps them to count on. Taking them all first, in one order,
         * keeps two batches with the same sharers from deadlocking each other.
         */
        public void lockStandings(Collection<SharerId> sharers) {
            if (programme.isPresent() && !sharers.isEmpty()) {
                standings.lockAll(shop, sharers).forEach(standing -> held.put(standing.sharer(), standing));
            }
        }

        /**
         * A paid order: its amount, one order, and the points for both. Counts only for an active
         * attributed sharer, and a self-purchase only when the shop pays self-purchase commission.
         * Answers whether the sharer's level moved.
         */
        public boolean sold(SharerId sharer, boolean active, long orderId, long amountFen, boolean selfPurchase, Instant paidAt) {
            if (sharer == null || programme.isEmpty() || (selfPurchase && !selfPurchaseCounts) || !active) {
                return false;
            }
            LevelProgramme ladder = programme.get();
            long points = LevelProgramme.salesPoints(amountFen, ladder.pointsPerYuan()) + ladder.pointsPerOrder();
            Fact fact = new Fact(Kind.SALE, String.valueOf(orderId), orderId, points, amountFen, 1, 0, 0, 0,
                    ladder.pointsPerYuan(), null, paidAt);
            Standing standing = held.get(sharer);
            if (standing != null && standing.takes(paidAt)) {
                Standing after = standing.inside(paidAt) ? standing.with(standing.figures().plus(fact.figures())) : standing;
                if (after.locked() || ladder.highestEntryMet(after.figures()) <= after.rank()) {
                    held.put(sharer, after);
                    pending.add(new Pending(sharer, fact));
                    return false;
                }
            }
            write();
            pipeline.send();
            held.remove(sharer);
            return record(shop, ladder, sharer, fact);
        }

        /**
         * Writes the sales counted in memory into the pipeline: their activity, and the figures of
         * the level rows they counted for.
         */
        public void write() {
            if (pending.isEmpty()) {
                return;
            }
            insertAll(pipeline, shop, pending.stream().map(Pending::sharer).toList(), pending.stream().map(Pending::fact).toList());
            standings.writeAll(pipeline, shop, pending.stream().map(Pending::sharer).distinct().map(held::get).toList());
            pending.clear();
        }
    }

    /**
     * A refund of an order that counted: takes back exactly the sales points of the difference
     * between the amount kept before and {@code keptFenAfter} (at the rate the sale earned),
     * dated at the refund; a full refund also takes back the order and its per-order points.
     */
    @Transactional
    public void refunded(ShopId shop, SharerId sharer, long orderId, long refundId, long keptFenAfter, Instant at) {
        if (sharer == null) {
            return;
        }
        // The sale and what is left of it after earlier refunds, in one read.
        record Sale(long salesFen, long points, int pointsPerYuan, long keptFen) {
        }
        Optional<Sale> sale = jdbc.sql("""
                select max(case when kind = 'SALE' then sales_fen end) sale_fen, max(case when kind = 'SALE' then points end) sale_points,
                  max(points_per_yuan) per_yuan, coalesce(sum(sales_fen), 0) kept_fen
                from level_activity where shop_id = :shop and order_id = :order and sharer_id = :sharer""")
                .param("shop", shop.value()).param("order", orderId).param("sharer", sharer.value())
                .query((rs, n) -> rs.getObject("sale_fen") == null ? null
                        : new Sale(rs.getLong("sale_fen"), rs.getLong("sale_points"), rs.getInt("per_yuan"), rs.getLong("kept_fen")))
                .optional();
        if (sale.isEmpty() || keptFenAfter >= sale.get().keptFen()) {
            return;
        }
        Optional<LevelProgramme> programme = programmes.find(shop);
        if (programme.isEmpty()) {
            return;
        }
        long keptBefore = sale.get().keptFen();
        int perYuan = sale.get().pointsPerYuan();
        long points = LevelProgramme.salesPoints(keptFenAfter, perYuan) - LevelProgramme.salesPoints(keptBefore, perYuan);
        boolean whollyRefunded = keptFenAfter == 0;
        if (whollyRefunded) {
            points -= sale.get().points() - LevelProgramme.salesPoints(sale.get().salesFen(), perYuan);
        }
        record(shop, programme.get(), sharer, new Fact(Kind.REFUND, String.valueOf(refundId), orderId, points,
                keptFenAfter - keptBefore, whollyRefunded ? -1 : 0, 0, 0, 0, null, null, at));
    }

    /**
     * A visit bound a customer to the sharer anew (first binding or a takeover); each customer counts once per sharer, ever.
     * Attribution binds customers only to sharers who earn, so the sharer's status is not read again here.
     */
    @Transactional
    public void customerBound(ShopId shop, SharerId sharer, String customerId, Instant at) {
        programmes.find(shop).ifPresent(programme -> record(shop, programme, sharer, new Fact(Kind.CUSTOMER, customerId, null,
                programme.pointsPerNewCustomer(), 0, 0, 0, 1, 0, null, null, at)));
    }

    /** A sharer became active: it starts on rank 1 from now, and its inviter has recruited a direct sharer. */
    @EventListener
    @Transactional
    public void on(SharerJoined joined) {
        programmes.find(joined.shop()).ifPresent(programme -> {
            changes.ensureStanding(joined.shop(), joined.sharer(), joined.at());
            if (joined.inviter() != null && active(joined.shop(), joined.inviter())) {
                record(joined.shop(), programme, joined.inviter(), new Fact(Kind.RECRUIT, String.valueOf(joined.sharer().value()),
                        null, programme.pointsPerRecruit(), 0, 0, 1, 0, 0, null, null, joined.at()));
            }
        });
    }

    /** A member joined the leader's team: the leader earns, once per member. */
    @EventListener
    @Transactional
    public void on(TeamMemberJoined joined) {
        if (!active(joined.shop(), joined.leader())) {
            return;
        }
        programmes.find(joined.shop()).ifPresent(programme -> record(joined.shop(), programme, joined.leader(),
                new Fact(Kind.TEAM_MEMBER, String.valueOf(joined.member().value()), null, programme.pointsPerTeamMember(), 0, 0, 0,
                        0, 1, null, null, joined.at())));
    }

    /**
     * The owner grants points by hand (negative to correct), dated now. With an idempotency key,
     * the same grant sent twice is granted once; the same key with other points or reason is a 409.
     */
    @Transactional
    public PointsGrant grant(ShopId shop, SharerId sharer, Long points, String reason, String idempotencyKey) {
        Sharer grantee = sharers.get(shop, sharer);
        LevelProgramme programme = programmes.find(shop).orElseThrow(LevelChanges::noProgramme);
        if (points == null || points == 0 || Math.abs(points) > 1_000_000_000L) {
            throw ApiProblem.invalid("points", "must be a non-zero number of points, at most 1,000,000,000 either way");
        }
        if (reason == null || reason.isBlank() || reason.strip().length() > 500) {
            throw ApiProblem.invalid("reason", "must say why, in 1 to 500 characters");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 100)) {
            throw ApiProblem.invalid("Idempotency-Key", "must be 1 to 100 characters");
        }
        if (grantee.status() != SharerStatus.ACTIVE && grantee.status() != SharerStatus.FROZEN) {
            throw ApiProblem.conflict("sharer_not_active", "Sharer " + sharer + " is " + grantee.status() + "; only active or frozen sharers hold a level.");
        }
        String reference = idempotencyKey == null ? UUID.randomUUID().toString() : "key:" + idempotencyKey;
        Optional<PointsGrant> earlier = findGrant(shop, sharer, reference);
        if (earlier.isEmpty()) {
            record(shop, programme, sharer, new Fact(Kind.GRANT, reference, null, points, 0, 0, 0, 0, 0, null, reason.strip(),
                    clock.instant()));
            return findGrant(shop, sharer, reference).orElseThrow();
        }
        if (earlier.get().points() != points || !earlier.get().reason().equals(reason.strip())) {
            throw ApiProblem.conflict("idempotency_conflict", "Idempotency-Key " + idempotencyKey
                    + " was already used for another grant to this sharer.");
        }
        return earlier.get();
    }

    private Optional<PointsGrant> findGrant(ShopId shop, SharerId sharer, String reference) {
        return jdbc.sql("""
                select id, sharer_id, points, reason, occurred_at from level_activity
                where shop_id = :shop and sharer_id = :sharer and kind = 'GRANT' and reference = :reference""")
                .param("shop", shop.value()).param("sharer", sharer.value()).param("reference", reference)
                .query((rs, n) -> new PointsGrant(rs.getLong("id"), rs.getLong("sharer_id"), rs.getLong("points"),
                        rs.getString("reason"), Timestamps.instant(rs, "occurred_at")))
                .optional();
    }

    /** Records the fact unless it is already known, then looks for an upgrade; answers whether the level moved. */
    private boolean record(ShopId shop, LevelProgramme programme, SharerId sharer, Fact fact) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        int inserted = jdbc.sql(INSERT + " on conflict do nothing")
                .paramSource(row(shop, sharer, fact))
                .update(key, "id");
        return inserted == 1 && changes.afterActivity(shop, programme, sharer, key.getKey().longValue(), fact.figures(), fact.at());
    }

    private static final String COLUMNS = """
            shop_id int8, sharer_id int8, kind varchar, reference varchar, order_id int8, points int8, sales_fen int8, orders int4,
            recruits int4, customers int4, team_members int4, points_per_yuan int4, reason varchar, occurred_at timestamptz,
            created_at timestamptz""";
    private static final String INSERT = "insert into level_activity (" + Pipeline.names(COLUMNS) + ")" + """
             values (:shop, :sharer, :kind, :reference, :order, :points, :sales, :orders, :recruits, :customers, :teamMembers,
              :perYuan, :reason, :at, :now)""";

    /** New facts of one intake, in one multi-row insert; each is new, as the orders it stems from are. */
    private void insertAll(Pipeline pipeline, ShopId shop, List<SharerId> sharers, List<Fact> facts) {
        List<Object[]> rows = new ArrayList<>(facts.size());
        OffsetDateTime now = Timestamps.utc(clock.instant());
        for (int i = 0; i < facts.size(); i++) {
            Fact fact = facts.get(i);
            rows.add(new Object[] {shop.value(), sharers.get(i).value(), fact.kind().name(), fact.reference(), fact.orderId(),
                    fact.points(), fact.salesFen(), fact.orders(), fact.recruits(), fact.customers(), fact.teamMembers(),
                    fact.pointsPerYuan(), fact.reason(), Timestamps.utc(fact.at()), now});
        }
        pipeline.insert("level_activity", COLUMNS, "", rows);
    }

    private MapSqlParameterSource row(ShopId shop, SharerId sharer, Fact fact) {
        return new MapSqlParameterSource()
                .addValue("shop", shop.value()).addValue("sharer", sharer.value()).addValue("kind", fact.kind().name())
                .addValue("reference", fact.reference()).addValue("order", fact.orderId()).addValue("points", fact.points())
                .addValue("sales", fact.salesFen()).addValue("orders", fact.orders()).addValue("recruits", fact.recruits())
                .addValue("customers", fact.customers()).addValue("teamMembers", fact.teamMembers())
                .addValue("perYuan", fact.pointsPerYuan()).addValue("reason", fact.reason()).addValue("at", Timestamps.utc(fact.at()))
                .addValue("now", Timestamps.utc(clock.instant()));
    }

    private boolean active(ShopId shop, SharerId sharer) {
        return sharers.find(shop, sharer).map(s -> s.status().earns()).orElse(false);
    }
}
