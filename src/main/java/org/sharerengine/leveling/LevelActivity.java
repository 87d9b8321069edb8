package org.sharerengine.leveling;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.sharerengine.leveling.LevelChange.Cause;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.SharerJoined;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.network.TeamMemberJoined;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.BatchInserts;
import org.sharerengine.shared.Pipeline;
import org.sharerengine.shared.Reads;
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
    private final BatchInserts inserts;
    private final Clock clock;

    LevelActivity(JdbcClient jdbc, Standings standings, LevelProgrammes programmes,
            LevelChanges changes, Sharers sharers, BatchInserts inserts, Clock clock) {
        this.jdbc = jdbc;
        this.standings = standings;
        this.programmes = programmes;
        this.changes = changes;
        this.sharers = sharers;
        this.inserts = inserts;
        this.clock = clock;
    }

    /**
     * The sales of one intake (one order or a batch), recorded under the level programme read
     * once for all of them, written through the intake's pipeline. {@code selfPurchaseCounts}: the
     * shop pays self-purchase commission; {@code zone}: the shop's time zone, where periods end.
     */
    public Sales sales(ShopId shop, long programmeVersion, boolean selfPurchaseCounts, ZoneId zone, Pipeline pipeline) {
        return new Sales(shop, programmes.find(shop, programmeVersion), selfPurchaseCounts, zone, pipeline);
    }

    /**
     * Records an intake's paid orders one at a time, each followed by its upgrade check. Sales of
     * sharers whose level rows the intake locked first are counted in memory and written together
     * by {@link #write} into the pipeline, and so are the upgrades they earn: the new period starts
     * at the sale with nothing counted, as {@link LevelChanges#afterActivity} starts it when nothing
     * recorded is dated after the sale. Any other sale first writes what was counted, sends the
     * pipeline and then goes the way of other activity, which reads the rows and writes at once:
     * one whose period is in question (ended, or opened at that very instant), and one whose
     * upgrade would have to count activity dated after it (a late order).
     */
    public final class Sales {

        private final ShopId shop;
        private final Optional<LevelProgramme> programme;
        private final boolean selfPurchaseCounts;
        private final ZoneId zone;
        private final Pipeline pipeline;
        /** The locked level rows, as this intake counted and moved them so far. */
        private final Map<SharerId, Held> held = new HashMap<>();
        /** The sales counted in memory, in the order recorded. */
        private final List<Pending> pending = new ArrayList<>();
        /** The upgrades made in memory, each on one of the pending sales. */
        private final List<LevelChanges.Change> upgrades = new ArrayList<>();

        private record Pending(SharerId sharer, Fact fact) {
        }

        /**
         * A locked level row as counted so far, its latest activity including the pending sales.
         * {@code openedBy}: the pending sale whose upgrade opened the current period, whose id is
         * drawn only when it is written (null: none, or written already; so a held row with one has
         * moved since it was last written).
         */
        private record Held(Standing standing, Integer openedBy) {

            boolean moved() {
                return openedBy != null;
            }
        }

        private Sales(ShopId shop, Optional<LevelProgramme> programme, boolean selfPurchaseCounts, ZoneId zone, Pipeline pipeline) {
            this.shop = shop;
            this.programme = programme;
            this.selfPurchaseCounts = selfPurchaseCounts;
            this.zone = zone;
            this.pipeline = pipeline;
        }

        /**
         * Locks the level rows of these sharers in ascending id order, before any sale of the
         * intake is recorded, and keeps them to count on. Taking them all first, in one order,
         * keeps two batches with the same sharers from deadlocking each other. Reads the ranks of
         * {@code alsoRanked} in the same statement where the database allows (see
         * {@link Standings#lockAll}), without locking them, and answers the ranks of both, as they
         * stand before the intake's sales; answers nothing without a level programme, where nothing
         * is locked. The lock is sent with the other {@code reads}; the rows are kept as soon as it
         * is answered.
         */
        public Reads.Answer<Map<SharerId, Integer>> lockStandings(Reads reads, Collection<SharerId> sharers,
                Collection<SharerId> alsoRanked) {
            if (programme.isEmpty() || sharers.isEmpty()) {
                return Reads.answered(Map.of());
            }
            return standings.lockAll(reads, shop, sharers, alsoRanked).then(locks -> {
                locks.locked().forEach(locked -> held.put(locked.sharer(), new Held(locked, null)));
                return locks.ranks();
            });
        }

        /**
         * A paid order: its amount, one order, and the points for both. Counts only for an active
         * attributed sharer, and a self-purchase only when the shop pays self-purchase commission.
         * Answers the sharer's rank when the sale moved it.
         */
        public OptionalInt sold(SharerId sharer, boolean active, long orderId, long amountFen, boolean selfPurchase, Instant paidAt) {
            if (sharer == null || programme.isEmpty() || (selfPurchase && !selfPurchaseCounts) || !active) {
                return OptionalInt.empty();
            }
            LevelProgramme ladder = programme.get();
            long points = LevelProgramme.salesPoints(amountFen, ladder.pointsPerYuan()) + ladder.pointsPerOrder();
            Fact fact = new Fact(Kind.SALE, String.valueOf(orderId), orderId, points, amountFen, 1, 0, 0, 0,
                    ladder.pointsPerYuan(), null, paidAt);
            Held locked = held.get(sharer);
            // A period this intake opened takes a sale at its very start: the sale's id, drawn after the opening one, is higher.
            if (locked != null && locked.standing().takes(paidAt)) {
                Standing standing = locked.standing();
                boolean inside = standing.inside(paidAt);
                Standing counted = inside ? standing.with(standing.figures().plus(fact.figures())) : standing;
                int target = ladder.highestEntryMet(counted.figures());
                if (counted.locked() || target <= counted.rank()) {
                    held.put(sharer, new Held(counted.active(paidAt), locked.openedBy()));
                    pending.add(new Pending(sharer, fact));
                    return OptionalInt.empty();
                }
                if (inside && standing.latestBy(paidAt)) {
                    pending.add(new Pending(sharer, fact));
                    upgrades.add(new LevelChanges.Change(counted, target, Cause.UPGRADE, null, false, paidAt));
                    Standing opened = new Standing(sharer, target, paidAt, ladder.level(target).validity().endOf(paidAt, zone), false,
                            null, Figures.NONE, paidAt);
                    held.put(sharer, new Held(opened, pending.size() - 1));
                    return OptionalInt.of(target);
                }
            }
            write();
            pipeline.send();
            held.remove(sharer);
            return record(shop, ladder, sharer, fact);
        }

        /**
         * Writes what was counted and moved in memory into the pipeline: the sales' activity, the
         * upgrades' history and notifications, and the level rows they changed. With upgrades the
         * activity's ids are drawn first (in the order recorded, with the history's, in one round
         * trip), since a moved row names the sale that opened its period.
         */
        public void write() {
            if (pending.isEmpty()) {
                return;
            }
            List<Object[]> rows = rows(shop, pending);
            Set<SharerId> moved = new HashSet<>();
            if (upgrades.isEmpty()) {
                pipeline.insert(ACTIVITY, COLUMNS, "", rows);
            } else {
                BatchInserts.Reserved reserved = inserts.reserve(Map.of(ACTIVITY, rows.size(), LevelChanges.HISTORY, upgrades.size()));
                long[] ids = inserts.insert(pipeline, ACTIVITY, COLUMNS, rows, reserved);
                changes.recordAll(pipeline, shop, programme.orElseThrow(), upgrades, reserved);
                upgrades.clear();
                held.replaceAll((sharer, h) -> {
                    if (!h.moved()) {
                        return h;
                    }
                    moved.add(sharer);
                    return new Held(h.standing().opened(ids[h.openedBy()]), null);
                });
            }
            Map<Boolean, List<Standing>> written = pending.stream().map(Pending::sharer).distinct()
                    .collect(Collectors.partitioningBy(moved::contains, Collectors.mapping(sharer -> held.get(sharer).standing(),
                            Collectors.toList())));
            standings.moveAll(pipeline, shop, written.get(true), clock.instant());
            standings.writeAll(pipeline, shop, written.get(false));
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
        // The sale and what is left of it after earlier refunds, in one read. The sharer is picked here, not in the
        // statement: H2, given the sharer there, looked the rows up by the sharer's activity, not the order's few.
        record Sale(long salesFen, long points, int pointsPerYuan, long keptFen) {
        }
        Optional<Sale> sale = jdbc.sql("""
                select sharer_id, max(case when kind = 'SALE' then sales_fen end) sale_fen,
                  max(case when kind = 'SALE' then points end) sale_points, max(points_per_yuan) per_yuan, coalesce(sum(sales_fen), 0) kept_fen
                from level_activity where shop_id = :shop and order_id = :order group by sharer_id""")
                .param("shop", shop.value()).param("order", orderId)
                .query((rs, n) -> rs.getLong("sharer_id") != sharer.value() || rs.getObject("sale_fen") == null ? null
                        : new Sale(rs.getLong("sale_fen"), rs.getLong("sale_points"), rs.getInt("per_yuan"), rs.getLong("kept_fen")))
                .list().stream().filter(Objects::nonNull).findFirst();
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
        // A grant names no order: on PostgreSQL, facts without an order are unique in an index of their own (V18).
        return jdbc.sql("""
                select id, sharer_id, points, reason, occurred_at from level_activity
                where shop_id = :shop and sharer_id = :sharer and kind = 'GRANT' and reference = :reference and order_id is null""")
                .param("shop", shop.value()).param("sharer", sharer.value()).param("reference", reference)
                .query((rs, n) -> new PointsGrant(rs.getLong("id"), rs.getLong("sharer_id"), rs.getLong("points"),
                        rs.getString("reason"), Timestamps.instant(rs, "occurred_at")))
                .optional();
    }

    /** Records the fact unless it is already known, then looks for an upgrade; answers the sharer's rank when it moved. */
    private OptionalInt record(ShopId shop, LevelProgramme programme, SharerId sharer, Fact fact) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        int inserted = jdbc.sql(INSERT + " on conflict do nothing")
                .paramSource(row(shop, sharer, fact))
                .update(key, "id");
        return inserted == 1 ? changes.afterActivity(shop, programme, sharer, key.getKey().longValue(), fact.figures(), fact.at())
                : OptionalInt.empty();
    }

    private static final String COLUMNS = """
            shop_id int8, sharer_id int8, kind varchar, reference varchar, order_id int8, points int8, sales_fen int8, orders int4,
            recruits int4, customers int4, team_members int4, points_per_yuan int4, reason varchar, occurred_at timestamptz,
            created_at timestamptz""";
    private static final String INSERT = "insert into level_activity (" + Pipeline.names(COLUMNS) + ")" + """
             values (:shop, :sharer, :kind, :reference, :order, :points, :sales, :orders, :recruits, :customers, :teamMembers,
              :perYuan, :reason, :at, :now)""";

    private static final String ACTIVITY = "level_activity";

    /** The rows of new facts of one intake, for one multi-row insert; each is new, as the orders it stems from are. */
    private List<Object[]> rows(ShopId shop, List<Sales.Pending> pending) {
        List<Object[]> rows = new ArrayList<>(pending.size());
        OffsetDateTime now = Timestamps.utc(clock.instant());
        for (Sales.Pending sale : pending) {
            Fact fact = sale.fact();
            rows.add(new Object[] {shop.value(), sale.sharer().value(), fact.kind().name(), fact.reference(), fact.orderId(),
                    fact.points(), fact.salesFen(), fact.orders(), fact.recruits(), fact.customers(), fact.teamMembers(),
                    fact.pointsPerYuan(), fact.reason(), Timestamps.utc(fact.at()), now});
        }
        return rows;
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
