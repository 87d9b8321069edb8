package org.sharerengine.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Builds the shop the way an integrator would (platform API: shop, settings, level programme,
 * products, the live-stream template), then its history with set-based SQL: sharers in an inviter tree, their levels,
 * bindings, months of orders with their lines, commission lines, refunds, ledger entries, wallets,
 * level activity and monthly sales — the rows the application itself writes for them
 * (Sharers.add, Orders.create, Commissions, Ledger, LevelActivity). Remembers what it built in
 * {@code bench.dataset}, so {@code --reuse} can skip a second build.
 */
final class DatasetBuilder {

    static final ZoneId SHOP_ZONE = ZoneId.of("Asia/Shanghai");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

    private final Options options;
    private final Http admin;

    DatasetBuilder(Options options, Http admin) {
        this.options = options;
        this.admin = admin;
    }

    Dataset buildOrReuse() throws Exception {
        try (Connection db = connect(options)) {
            execute(db, """
                    create schema if not exists bench;
                    create table if not exists bench.dataset (size varchar(10) primary key, shop_id bigint not null,
                      api_key varchar(200) not null, sharer_base bigint not null, customers int not null,
                      build_seconds double precision not null, built_at timestamp with time zone not null)""");
            try (PreparedStatement known = db.prepareStatement(
                    "select shop_id, api_key, sharer_base, customers, build_seconds from bench.dataset where size = ?")) {
                known.setString(1, options.size().label());
                try (ResultSet rs = known.executeQuery()) {
                    if (rs.next()) {
                        long shop = rs.getLong(1);
                        System.out.printf("Reusing the %s dataset (shop %d)%n", options.size().label(), shop);
                        return load(db, shop, rs.getString(2), rs.getLong(3), rs.getInt(4), true, rs.getDouble(5));
                    }
                }
            }
            long started = System.nanoTime();
            JsonNode created = admin.post("/api/v1/platform/shops", Map.of("name", "bench " + options.size().label(),
                    "settings", Map.of("commissionDepth", Catalog.DEPTH, "level1RateBp", Catalog.SHOP_RATE_1_BP,
                            "level2RateBp", Catalog.SHOP_RATE_2_BP, "bindingPermanent", true, "approvalRequired", false,
                            "timeZone", SHOP_ZONE.getId()))).expect(201).json();
            long shop = created.get("shop").get("id").asLong();
            String key = created.get("apiKey").get("key").asString();
            Http api = admin.shop(key);
            api.put("/api/v1/level-programme", levelProgramme()).expect(200);
            for (int p = 1; p <= Catalog.PRODUCTS; p++) {
                api.put("/api/v1/products/" + Catalog.productId(p), Catalog.fixedRate(p)
                        ? Map.of("name", "商品 " + p, "commissionMode", "FIXED_RATE",
                                "level1Value", Catalog.FIXED_RATE_1_BP, "level2Value", Catalog.FIXED_RATE_2_BP)
                        : Map.of("name", "商品 " + p, "commissionMode", "LEVEL_RATE")).expect(200);
            }
            long template = api.post("/api/v1/commission-templates", Catalog.liveStreamTemplate()).expect(201).json()
                    .get("id").asLong();
            long sharerBase = history(db, shop, template);
            double seconds = (System.nanoTime() - started) / 1e9;
            int customers = customers(options.size());
            try (PreparedStatement remember = db.prepareStatement(
                    "insert into bench.dataset values (?, ?, ?, ?, ?, ?, now())")) {
                remember.setString(1, options.size().label());
                remember.setLong(2, shop);
                remember.setString(3, key);
                remember.setLong(4, sharerBase);
                remember.setInt(5, customers);
                remember.setDouble(6, seconds);
                remember.executeUpdate();
            }
            System.out.printf("Built the %s dataset in %.1f s%n", options.size().label(), seconds);
            return load(db, shop, key, sharerBase, customers, false, seconds);
        }
    }

    static Connection connect(Options options) throws SQLException {
        return DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
    }

    private static int customers(Options.Size size) {
        return size.sharers * 2;
    }

    /** Monthly periods on every rung, so the level job has every sharer to judge once a month has passed. */
    private static Map<String, Object> levelProgramme() {
        Map<String, Object> monthly = Map.of("unit", "MONTHS", "length", 1);
        return Map.of("pointsPerYuan", Catalog.POINTS_PER_YUAN, "pointsPerOrder", Catalog.POINTS_PER_ORDER,
                "pointsPerNewCustomer", Catalog.POINTS_PER_CUSTOMER, "pointsPerRecruit", Catalog.POINTS_PER_RECRUIT,
                "pointsPerTeamMember", 0, "levels", List.of(
                        Map.of("rank", 1, "name", "普通分享员", "validity", monthly),
                        Map.of("rank", 2, "name", "中级分享员", "entry", Map.of("match", "ANY", "points", 2_000),
                                "keep", Map.of("match", "ANY", "points", 300), "validity", monthly),
                        Map.of("rank", 3, "name", "高级分享员", "entry", Map.of("match", "ANY", "points", 8_000),
                                "keep", Map.of("match", "ANY", "points", 1_000), "validity", monthly)));
    }

    /** The bulk part; returns the id just below the first bench sharer. */
    private long history(Connection db, long shop, long template) throws SQLException {
        Options.Size size = options.size();
        int sharers = size.sharers;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime monthStart = now.atZone(SHOP_ZONE).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        Instant historyStart = now.minus(Duration.ofDays(180));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("shop", shop);
        vars.put("template", template);
        vars.put("hosts", sharers / Catalog.HOSTS_ONE_IN);
        vars.put("one_in", Catalog.TEMPLATE_ONE_IN);
        vars.put("S", sharers);
        vars.put("C", customers(size));
        vars.put("O", size.orders);
        vars.put("P", Catalog.PRODUCTS);
        vars.put("R", Math.max(10, sharers / 200));
        vars.put("CH", Math.max(5, sharers / 2_000));
        vars.put("L", 30);
        vars.put("sbase", maxId(db, "sharer"));
        vars.put("obase", maxId(db, "shop_order"));
        vars.put("lbase", maxId(db, "order_line"));
        vars.put("cbase", maxId(db, "commission_line"));
        vars.put("rbase", maxId(db, "refund"));
        vars.put("now", "timestamptz '" + now + "'");
        vars.put("history_start", "timestamptz '" + historyStart + "'");
        vars.put("history_seconds", Duration.between(historyStart, now.minus(Duration.ofHours(1))).toSeconds());
        vars.put("sharers_from", "timestamptz '" + historyStart.minus(Duration.ofDays(30)) + "'");
        vars.put("bound_at", "timestamptz '" + historyStart.minus(Duration.ofHours(1)) + "'");
        vars.put("month_start", "timestamptz '" + monthStart.toInstant() + "'");
        vars.put("next_month_start", "timestamptz '" + monthStart.plusMonths(1).toInstant() + "'");
        vars.put("zone", SHOP_ZONE.getId());
        vars.put("per_yuan", Catalog.POINTS_PER_YUAN);
        vars.put("per_order", Catalog.POINTS_PER_ORDER);
        vars.put("per_customer", Catalog.POINTS_PER_CUSTOMER);
        vars.put("per_recruit", Catalog.POINTS_PER_RECRUIT);
        try (Statement session = db.createStatement()) {
            session.execute("set synchronous_commit = off");
            session.execute("set work_mem = '256MB'");
        }
        step(db, vars, "hash functions", """
                create function pg_temp.h(x bigint, salt int) returns bigint language sql immutable parallel safe
                  as 'select hashint8(x * 7919 + salt)::bigint & 2147483647';
                -- 1..n, skewed towards 1 (a few sharers sell most, as on a real leaderboard)
                create function pg_temp.skew(x bigint, salt int, n bigint) returns bigint language sql immutable parallel safe
                  as 'select 1 + least(n - 1, floor(n * power(pg_temp.h(x, salt) / 2147483648.0, 2))::bigint)';
                create temp table bench_product (idx int primary key, product_id varchar(128), mode varchar(20), price bigint,
                  rate1 int, rate2 int)""");
        try (PreparedStatement product = db.prepareStatement("insert into bench_product values (?, ?, ?, ?, ?, ?)")) {
            for (int p = 1; p <= Catalog.PRODUCTS; p++) {
                product.setInt(1, p);
                product.setString(2, Catalog.productId(p));
                product.setString(3, Catalog.mode(p));
                product.setLong(4, Catalog.priceFen(p));
                product.setInt(5, Catalog.rateBp(p, 1));
                product.setInt(6, Catalog.rateBp(p, 2));
                product.addBatch();
            }
            product.executeBatch();
        }
        List<String> indexes = dropSecondaryIndexes(db);
        // Roots first; then most sharers invited by a root, the rest by anyone before them; the last ids are a few 30-deep chains.
        step(db, vars, "sharers", """
                insert into sharer (shop_id, id, external_user_id, name, sharer_type, status, parent_id, invite_code, created_at, updated_at)
                select ${shop}, ${sbase} + i, 'bu' || i, '分享员' || i, 0, 'ACTIVE',
                  case
                    when i <= ${R} then null
                    when i > ${S} - ${CH} * ${L} then
                      case when (i - (${S} - ${CH} * ${L}) - 1) % ${L} = 0 then ${sbase} + 1 + pg_temp.h(i, 1) % ${R} else ${sbase} + i - 1 end
                    when i = ${R} + 1 or pg_temp.h(i, 2) % 100 < 75 then ${sbase} + 1 + pg_temp.h(i, 1) % ${R}
                    else ${sbase} + ${R} + 1 + pg_temp.h(i, 1) % (i - ${R} - 1)
                  end,
                  'B' || upper(lpad(to_hex(i), 7, '0')), joined, joined
                from (select i, ${sharers_from} + interval '1 second' * floor(i * 2592000.0 / ${S}) joined
                      from generate_series(1, ${S}) i) g;
                insert into person_membership (external_user_id, shops) select 'bu' || i, 1 from generate_series(1, ${S}) i
                on conflict (external_user_id) do update set shops = person_membership.shops + 1;
                insert into sharer_level (shop_id, sharer_id, level_rank, period_start, period_end, locked, updated_at)
                select ${shop}, ${sbase} + i, case when h < 80 then 1 when h < 95 then 2 else 3 end, ${month_start}, ${next_month_start},
                  false, ${now}
                from (select i, pg_temp.h(i, 3) % 100 h from generate_series(1, ${S}) i) g;
                insert into level_activity (shop_id, sharer_id, kind, reference, order_id, points, sales_fen, orders, recruits,
                  customers, team_members, points_per_yuan, reason, occurred_at, created_at)
                select shop_id, parent_id, 'RECRUIT', cast(id as varchar), null, ${per_recruit}, 0, 0, 1, 0, 0, null, null, created_at, created_at
                from sharer where shop_id = ${shop} and id > ${sbase} and parent_id is not null""");
        step(db, vars, "bindings", """
                insert into binding (shop_id, customer_id, sharer_id, share_token, bound_at, expires_at)
                select ${shop}, 'bc' || c, ${sbase} + pg_temp.skew(c, 4, ${S}), null, ${bound_at}, null
                from generate_series(1, ${C}) c where c % 5 <> 0;
                insert into level_activity (shop_id, sharer_id, kind, reference, order_id, points, sales_fen, orders, recruits,
                  customers, team_members, points_per_yuan, reason, occurred_at, created_at)
                select shop_id, sharer_id, 'CUSTOMER', customer_id, null, ${per_customer}, 0, 0, 0, 1, 0, null, null, bound_at, bound_at
                from binding where shop_id = ${shop} and customer_id like 'bc%'""");
        // Orders evenly through the history; a bound customer's order goes to the binding, an unbound one's names a
        // sharer half of the time. About 3 % of orders older than three days had their first line refunded two days after payment.
        step(db, vars, "orders (staging)", """
                create temp table bench_order as
                select k, ${obase} + k id, 'bc' || c customer, paid_at,
                  case when c % 5 <> 0 then ${sbase} + pg_temp.skew(c, 4, ${S})
                       when pg_temp.h(k, 5) % 2 = 0 then ${sbase} + pg_temp.skew(k, 6, ${S}) end sharer_id,
                  case when c % 5 <> 0 then 'BINDING' when pg_temp.h(k, 5) % 2 = 0 then 'ORDER_SHARER' else 'NONE' end rule,
                  case when pg_temp.h(k, 7) % 10 < 6 then 1 when pg_temp.h(k, 7) % 10 < 9 then 2 else 3 end n_lines,
                  pg_temp.h(k, 8) % 100 < 3 and paid_at < ${now} - interval '3 days' refunded,
                  case when paid_at + interval '3 days' < ${now} then paid_at + interval '3 days' end completed_at
                from (select k, 1 + pg_temp.h(k, 1) % ${C} c,
                        ${history_start} + interval '1 second' * floor((k - 1) * ${history_seconds}::float8 / ${O}) paid_at
                      from generate_series(1, ${O}) k) g;
                create temp table bench_line as
                select o.k, o.id order_id, j, ${lbase} + (o.k - 1) * 3 + j id, p.product_id, p.mode, p.rate1, p.rate2, q quantity,
                  q * p.price amount, o.refunded and j = 1 refunded
                from bench_order o
                cross join lateral generate_series(1, o.n_lines) j
                cross join lateral (select 1 + pg_temp.h(o.k * 4 + j, 10) % 3 q, 1 + pg_temp.h(o.k * 4 + j, 9) % ${P} idx) pick
                join bench_product p on p.idx = pick.idx;
                create temp table bench_total as
                select k, sum(amount) total, sum(amount) - sum(case when refunded then amount else 0 end) kept,
                  sum(case when refunded then amount else 0 end) refunded_fen
                from bench_line group by k;
                create unique index on bench_order (k);
                create unique index on bench_total (k);
                analyze bench_order;
                analyze bench_line;
                analyze bench_total""");
        step(db, vars, "orders", """
                insert into shop_order (shop_id, id, external_id, payload_hash, customer_id, paid_at, total_fen, attributed_sharer_id,
                  attribution_rule, share_token, self_purchase, completed_at, settle_event_at, created_at, sales_month)
                select ${shop}, o.id, 'bo' || o.k, md5('bo' || o.k) || md5(cast(o.id as varchar)), o.customer, o.paid_at, t.total,
                  o.sharer_id, o.rule, null, false, o.completed_at, null, o.paid_at,
                  case when o.sharer_id is not null then cast(date_trunc('month', o.paid_at at time zone '${zone}') as date) end
                from bench_order o join bench_total t on t.k = o.k order by o.id;
                insert into order_line (shop_id, id, order_id, external_line_id, product_id, quantity, amount_fen, refunded_fen)
                select ${shop}, id, order_id, 'l' || j, product_id, quantity, amount, case when refunded then amount else 0 end
                from bench_line order by id;
                insert into refund (shop_id, id, external_id, order_id, payload_hash, total_fen, refunded_at)
                select ${shop}, ${rbase} + l.k, 'br' || l.k, l.order_id, md5('br' || l.k) || md5(cast(l.order_id as varchar)), l.amount,
                  o.paid_at + interval '2 days'
                from bench_line l join bench_order o on o.k = l.k where l.refunded;
                insert into refund_line (shop_id, refund_id, order_line_id, amount_fen)
                select ${shop}, ${rbase} + k, id, amount from bench_line where refunded""");
        // Depth 1 earns for the attributed sharer, depth 2 for its inviter, at the level rank each holds;
        // a refunded line's commission was reversed in full; completed orders settle 8 days after completion.
        step(db, vars, "commission lines", """
                create temp table bench_commission as
                select ${cbase} + (l.id - ${lbase} - 1) * 2 + d.depth id, l.k, l.j, l.id line_id, l.order_id, l.product_id, l.mode,
                  l.quantity, l.amount, l.refunded, o.sharer_id attributed, o.rule attribution_rule, o.paid_at, d.depth, d.beneficiary,
                  sl.level_rank, d.rate, floor(l.amount * d.rate / 10000.0)::bigint original,
                  case when not l.refunded and o.completed_at is not null then o.completed_at + interval '8 days' end settle_after
                from bench_line l
                join bench_order o on o.k = l.k
                join sharer s on s.shop_id = ${shop} and s.id = o.sharer_id
                cross join lateral (values (1, s.id, l.rate1), (2, s.parent_id, l.rate2)) d(depth, beneficiary, rate)
                join sharer_level sl on sl.shop_id = ${shop} and sl.sharer_id = d.beneficiary;
                insert into commission_line (shop_id, id, order_id, order_line_id, depth, beneficiary_id, attributed_sharer_id,
                  attribution_rule, order_external_id, line_external_id, product_id, quantity, rule, rate_bp, fixed_fen,
                  line_amount_fen, kept_amount_fen, original_fen, amount_fen, status, settle_after, settled_at, created_at,
                  template_id, template_name, level_rank, base_rate_bp)
                select ${shop}, id, order_id, line_id, depth, beneficiary, attributed, attribution_rule, 'bo' || k, 'l' || j,
                  product_id, quantity, mode, rate, null, amount, case when refunded then 0 else amount end, original,
                  case when refunded then 0 else original end,
                  case when refunded then 'REVERSED' when settle_after <= ${now} then 'SETTLED' else 'PENDING' end,
                  settle_after, case when settle_after <= ${now} then settle_after end, paid_at, null, null, level_rank, rate
                from bench_commission where original > 0 order by id;
                insert into commission_adjustment (shop_id, commission_line_id, refund_id, kind, amount_fen, kept_amount_fen, created_at)
                select ${shop}, id, ${rbase} + k, 'REVERSAL', -original, 0, paid_at + interval '2 days'
                from bench_commission where refunded and original > 0 order by id;
                insert into wallet (shop_id, sharer_id, pending_fen, available_fen, frozen_fen, paid_out_fen)
                select ${shop}, beneficiary_id, sum(case when status = 'PENDING' then amount_fen else 0 end),
                  sum(case when status = 'SETTLED' then amount_fen else 0 end), 0, 0
                from commission_line where shop_id = ${shop} and id > ${cbase} group by beneficiary_id""");
        if (size.ledgerHistory) {
            // The journals Commissions and Settlement post: COMMISSION for every line, REVERSAL for a refunded one,
            // SETTLEMENT for a settled one; both legs of a journal share its id.
            step(db, vars, "ledger entries", """
                    insert into ledger_entry (shop_id, journal_id, account, sharer_id, amount_fen, kind, reference, created_at)
                    select ${shop}, cast(cast(md5('COMMISSION' || c.id) as uuid) as varchar), leg.account, leg.sharer, leg.amount,
                      'COMMISSION', 'commission-line:' || c.id, c.created_at
                    from commission_line c
                    cross join lateral (values (1, 'SHOP_COMMISSION', null, -c.original_fen),
                      (2, 'SHARER_PENDING', c.beneficiary_id, c.original_fen)) leg(n, account, sharer, amount)
                    where c.shop_id = ${shop} and c.id > ${cbase};
                    insert into ledger_entry (shop_id, journal_id, account, sharer_id, amount_fen, kind, reference, created_at)
                    select ${shop}, cast(cast(md5('REVERSAL' || a.commission_line_id) as uuid) as varchar), leg.account, leg.sharer,
                      leg.amount, 'REVERSAL', 'commission-line:' || a.commission_line_id || ':refund:' || a.refund_id, a.created_at
                    from commission_adjustment a join commission_line c on c.shop_id = a.shop_id and c.id = a.commission_line_id
                    cross join lateral (values (1, 'SHARER_PENDING', c.beneficiary_id, a.amount_fen),
                      (2, 'SHOP_COMMISSION', null, -a.amount_fen)) leg(n, account, sharer, amount)
                    where a.shop_id = ${shop} and a.commission_line_id > ${cbase};
                    insert into ledger_entry (shop_id, journal_id, account, sharer_id, amount_fen, kind, reference, created_at)
                    select ${shop}, cast(cast(md5('SETTLEMENT' || c.id) as uuid) as varchar), leg.account, c.beneficiary_id,
                      leg.amount, 'SETTLEMENT', 'commission-line:' || c.id, c.settled_at
                    from commission_line c
                    cross join lateral (values (1, 'SHARER_PENDING', -c.amount_fen), (2, 'SHARER_AVAILABLE', c.amount_fen))
                      leg(n, account, amount)
                    where c.shop_id = ${shop} and c.id > ${cbase} and c.status = 'SETTLED'""");
        }
        // Level activity as LevelActivity.sold and .refunded record it, the monthly sales the leaderboard reads, and the
        // figures of the current level periods (this month) that recording the activity keeps on the level rows.
        step(db, vars, "level activity and monthly sales", """
                insert into level_activity (shop_id, sharer_id, kind, reference, order_id, points, sales_fen, orders, recruits,
                  customers, team_members, points_per_yuan, reason, occurred_at, created_at)
                select ${shop}, o.sharer_id, 'SALE', cast(o.id as varchar), o.id, floor(t.total * ${per_yuan} / 100.0) + ${per_order},
                  t.total, 1, 0, 0, 0, ${per_yuan}, null, o.paid_at, o.paid_at
                from bench_order o join bench_total t on t.k = o.k where o.sharer_id is not null;
                insert into level_activity (shop_id, sharer_id, kind, reference, order_id, points, sales_fen, orders, recruits,
                  customers, team_members, points_per_yuan, reason, occurred_at, created_at)
                select ${shop}, o.sharer_id, 'REFUND', cast(${rbase} + o.k as varchar), o.id,
                  floor(t.kept * ${per_yuan} / 100.0) - floor(t.total * ${per_yuan} / 100.0) - case when t.kept = 0 then ${per_order} else 0 end,
                  -t.refunded_fen, case when t.kept = 0 then -1 else 0 end, 0, 0, 0, null, null,
                  o.paid_at + interval '2 days', o.paid_at + interval '2 days'
                from bench_order o join bench_total t on t.k = o.k where o.sharer_id is not null and o.refunded;
                insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders, kept_orders, paid_from, paid_until)
                select ${shop}, cast(date_trunc('month', o.paid_at at time zone '${zone}') as date) m, o.sharer_id, sum(t.kept),
                  count(*) filter (where t.kept > 0), count(*) filter (where t.kept > 0), min(o.paid_at), max(o.paid_at)
                from bench_order o join bench_total t on t.k = o.k where o.sharer_id is not null
                group by m, o.sharer_id;
                update sharer_level l set points = a.points, sales_fen = a.sales_fen, orders = a.orders, recruits = a.recruits,
                  customers = a.customers, team_members = a.team_members, latest_activity_at = a.latest
                from (select sharer_id, coalesce(sum(points) filter (where this_month), 0) points,
                        coalesce(sum(sales_fen) filter (where this_month), 0) sales_fen, coalesce(sum(orders) filter (where this_month), 0) orders,
                        coalesce(sum(recruits) filter (where this_month), 0) recruits,
                        coalesce(sum(customers) filter (where this_month), 0) customers,
                        coalesce(sum(team_members) filter (where this_month), 0) team_members, max(occurred_at) latest
                      from (select *, occurred_at >= ${month_start} and occurred_at < ${next_month_start} this_month
                            from level_activity where shop_id = ${shop}) m
                      group by sharer_id) a
                where l.shop_id = ${shop} and l.sharer_id = a.sharer_id""");
        // Given today, as Sharers.assignTemplate writes it: the history before was priced at the shop's rates.
        step(db, vars, "live-stream template", """
                update sharer set template_id = ${template}, updated_at = ${now}
                where shop_id = ${shop} and id > ${sbase} and (id <= ${sbase} + ${hosts} or pg_temp.h(id - ${sbase}, 11) % ${one_in} = 0)""");
        long indexing = System.nanoTime();
        try (Statement statement = db.createStatement()) {
            for (String index : indexes) {
                statement.execute(index);
            }
        }
        System.out.printf("  dataset: %-34s %6.1f s%n", "secondary indexes built again", (System.nanoTime() - indexing) / 1e9);
        step(db, vars, "identity sequences and analyze", """
                select setval(pg_get_serial_sequence('sharer', 'id'), (select max(id) from sharer));
                select setval(pg_get_serial_sequence('shop_order', 'id'), (select max(id) from shop_order));
                select setval(pg_get_serial_sequence('order_line', 'id'), (select max(id) from order_line));
                select setval(pg_get_serial_sequence('refund', 'id'), (select max(id) from refund));
                select setval(pg_get_serial_sequence('commission_line', 'id'), (select max(id) from commission_line));
                drop table bench_commission;
                drop table bench_total;
                drop table bench_line;
                drop table bench_order;
                analyze""");
        return ((Number) vars.get("sbase")).longValue();
    }

    /**
     * Drops the secondary indexes (those behind no constraint) of the tables the history fills and
     * returns their definitions: building each once, sorted, after the load costs far less than
     * millions of random index inserts. The database is a fresh one (bench/run recreates it unless
     * a dataset is there to reuse), so the indexes hold nothing else.
     */
    private static List<String> dropSecondaryIndexes(Connection db) throws SQLException {
        List<String> definitions = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        try (PreparedStatement find = db.prepareStatement("""
                select cast(cast(i.indexrelid as regclass) as varchar), pg_get_indexdef(i.indexrelid)
                from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = current_schema() and t.relname = any (?)
                  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)""")) {
            find.setArray(1, db.createArrayOf("varchar", FILLED.toArray()));
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    definitions.add(rs.getString(2));
                }
            }
        }
        try (Statement statement = db.createStatement()) {
            for (String name : names) {
                statement.execute("drop index " + name);
            }
        }
        return definitions;
    }

    private static final List<String> FILLED = List.of("sharer", "sharer_level", "binding", "shop_order", "order_line", "refund",
            "refund_line", "commission_line", "commission_adjustment", "ledger_entry", "wallet", "level_activity", "sharer_month_sales");

    private static long maxId(Connection db, String table) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("select coalesce(max(id), 0) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void step(Connection db, Map<String, Object> vars, String name, String sql) throws SQLException {
        long started = System.nanoTime();
        Matcher matcher = VARIABLE.matcher(sql);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            Object value = vars.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "} in step " + name);
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value.toString()));
        }
        matcher.appendTail(resolved);
        execute(db, resolved.toString());
        System.out.printf("  dataset: %-34s %6.1f s%n", name, (System.nanoTime() - started) / 1e9);
    }

    /** Runs statements separated by ";" at line ends (none of the statements holds one inside). */
    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            for (String one : sql.split(";\\s*\\n")) {
                if (!one.isBlank()) {
                    statement.execute(one);
                }
            }
        }
    }

    private static final List<String> COUNTED = List.of("sharer", "sharer_level", "binding", "product", "shop_order", "order_line",
            "refund", "refund_line", "commission_line", "commission_adjustment", "ledger_entry", "wallet", "level_activity",
            "sharer_month_sales");

    private static Dataset load(Connection db, long shop, String key, long sharerBase, int customers, boolean reused,
            double buildSeconds) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : COUNTED) {
            try (PreparedStatement count = db.prepareStatement("select count(*) from " + table + " where shop_id = ?")) {
                count.setLong(1, shop);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        int sharers;
        try (PreparedStatement count = db.prepareStatement("select count(*) from sharer where shop_id = ? and id > ? and external_user_id like 'bu%'")) {
            count.setLong(1, shop);
            count.setLong(2, sharerBase);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                sharers = rs.getInt(1);
            }
        }
        long[] parents = new long[sharers];
        int[] ranks = new int[sharers];
        try (PreparedStatement read = db.prepareStatement("""
                select s.id, coalesce(s.parent_id, 0), coalesce(l.level_rank, 1) from sharer s
                left join sharer_level l on l.shop_id = s.shop_id and l.sharer_id = s.id
                where s.shop_id = ? and s.id > ? and s.id <= ?""")) {
            read.setLong(1, shop);
            read.setLong(2, sharerBase);
            read.setLong(3, sharerBase + sharers);
            read.setFetchSize(10_000);
            db.setAutoCommit(false);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    int index = (int) (rs.getLong(1) - sharerBase - 1);
                    parents[index] = rs.getLong(2);
                    ranks[index] = rs.getInt(3);
                }
            }
            db.commit();
            db.setAutoCommit(true);
        }
        return new Dataset(shop, key, sharerBase, customers, parents, ranks, reused, buildSeconds, counts);
    }
}
