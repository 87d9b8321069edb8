package org.sharerengine.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * The fastest this machine stores the work of an order: one plain-JDBC connection writing, per
 * order, what the application writes for a comparable one (the shop_order row, its lines, the
 * commission lines at depths 1..2, two ledger entries per commission line, the pending balance
 * of each beneficiary's wallet, the attributed sharer's SALE level activity and monthly sales),
 * a given number of orders per transaction in JDBC batches that the driver
 * rewrites into multi-row inserts: 200, like a bulk request, and as many as single intake's groups held
 * on average, since single intake commits each group of orders as one transaction, one group at a time. Ids come from the tables' own sequences, fetched once per
 * batch. Same shop, so the indexes are as large as the application's. Journal ids are
 * time-ordered, as the application's are.
 */
final class Ceiling {

    /** Orders per transaction of the ceiling that bulk intake is judged against. */
    static final int BULK_ORDERS_PER_TRANSACTION = 200;
    private static final TimeBasedEpochGenerator JOURNAL_IDS = Generators.timeBasedEpochGenerator();

    private final Options options;
    private final Dataset dataset;
    private final OrderMaker orders;
    private final String run;
    private final int ordersPerTransaction;

    Ceiling(Options options, Dataset dataset, OrderMaker orders, String run, int ordersPerTransaction) {
        if (ordersPerTransaction < 1) {
            throw new IllegalArgumentException("a transaction of the ceiling holds at least one order, not " + ordersPerTransaction);
        }
        this.ordersPerTransaction = ordersPerTransaction;
        this.options = options;
        this.dataset = dataset;
        this.orders = orders;
        this.run = run;
    }

    private record Line(long id, String externalId, int product, int quantity, long amount) {
    }

    private record Order(long id, String externalId, String customer, int sharerIndex, List<Line> lines) {
    }

    Measurement run(Duration warmup, Duration measured) throws SQLException {
        String url = options.jdbcUrl() + (options.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (Connection db = DriverManager.getConnection(url, options.jdbcUser(), options.jdbcPassword())) {
            db.setAutoCommit(false);
            Sequences sequences = new Sequences(db);
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long measureUntil = measureFrom + measured.toNanos();
            long transactions = 0;
            long written = 0;
            List<Long> latencies = new ArrayList<>();
            long lastDone = measureUntil;
            long sequence = 0;
            while (System.nanoTime() < measureUntil) {
                long began = System.nanoTime();
                List<Order> batch = new ArrayList<>(ordersPerTransaction);
                long[] orderIds = sequences.next("shop_order", ordersPerTransaction);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int lineCount = 0;
                List<Integer> lineCounts = new ArrayList<>();
                for (int i = 0; i < ordersPerTransaction; i++) {
                    int n = random.nextInt(10) < 6 ? 1 : random.nextInt(10) < 7 ? 2 : 3;
                    lineCounts.add(n);
                    lineCount += n;
                }
                long[] lineIds = sequences.next("order_line", lineCount);
                int lineAt = 0;
                for (int i = 0; i < ordersPerTransaction; i++) {
                    List<Line> lines = new ArrayList<>();
                    for (int j = 1; j <= lineCounts.get(i); j++) {
                        int product = 1 + random.nextInt(Catalog.PRODUCTS);
                        int quantity = 1 + random.nextInt(3);
                        lines.add(new Line(lineIds[lineAt++], "l" + j, product, quantity, quantity * Catalog.priceFen(product)));
                    }
                    batch.add(new Order(orderIds[i], "ceiling-" + run + "-" + (++sequence), "bc" + (1 + random.nextInt(dataset.customers())),
                            orders.skewedSharer(random), lines));
                }
                write(db, sequences, batch);
                db.commit();
                long done = System.nanoTime();
                if (done >= measureFrom) {
                    transactions++;
                    written += batch.size();
                    latencies.add(done - began);
                    lastDone = Math.max(lastDone, done);
                }
            }
            return Measurement.of(transactions, written, (lastDone - measureFrom) / 1e9,
                    latencies.stream().mapToLong(Long::longValue).toArray(), Map.of(), null);
        }
    }

    private void write(Connection db, Sequences sequences, List<Order> batch) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long shop = dataset.shopId();
        record Earned(long lineId, Order order, Line line, int depth, int beneficiary, int rate, long amount) {
        }
        List<Earned> earned = new ArrayList<>();
        try (PreparedStatement insertOrder = db.prepareStatement("""
                insert into shop_order (shop_id, id, external_id, payload_hash, customer_id, paid_at, total_fen, attributed_sharer_id,
                  attribution_rule, share_token, self_purchase, created_at, sales_month)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'ORDER_SHARER', null, false, ?, ?)""");
                PreparedStatement insertLine = db.prepareStatement("""
                        insert into order_line (shop_id, id, order_id, external_line_id, product_id, quantity, amount_fen, refunded_fen)
                        values (?, ?, ?, ?, ?, ?, ?, 0)""")) {
            for (Order order : batch) {
                insertOrder.setLong(1, shop);
                insertOrder.setLong(2, order.id());
                insertOrder.setString(3, order.externalId());
                insertOrder.setString(4, UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""));
                insertOrder.setString(5, order.customer());
                insertOrder.setTimestamp(6, now);
                insertOrder.setLong(7, order.lines().stream().mapToLong(Line::amount).sum());
                insertOrder.setLong(8, dataset.sharerId(order.sharerIndex()));
                insertOrder.setTimestamp(9, now);
                insertOrder.setObject(10, now.toInstant().atZone(DatasetBuilder.SHOP_ZONE).toLocalDate().withDayOfMonth(1));
                insertOrder.addBatch();
                for (Line line : order.lines()) {
                    insertLine.setLong(1, shop);
                    insertLine.setLong(2, line.id());
                    insertLine.setLong(3, order.id());
                    insertLine.setString(4, line.externalId());
                    insertLine.setString(5, Catalog.productId(line.product()));
                    insertLine.setInt(6, line.quantity());
                    insertLine.setLong(7, line.amount());
                    insertLine.addBatch();
                    int beneficiary = order.sharerIndex();
                    for (int depth = 1; depth <= Catalog.DEPTH && beneficiary >= 0; depth++) {
                        int rate = Catalog.rateBp(line.product(), depth);
                        earned.add(new Earned(line.id(), order, line, depth, beneficiary, rate, line.amount() * rate / 10_000));
                        long parent = dataset.parents()[beneficiary];
                        beneficiary = parent == 0 ? -1 : (int) (parent - dataset.sharerBase() - 1);
                    }
                }
            }
            insertOrder.executeBatch();
            insertLine.executeBatch();
        }
        long[] commissionIds = sequences.next("commission_line", earned.size());
        Map<Long, Long> pending = new TreeMap<>();
        try (PreparedStatement insertCommission = db.prepareStatement("""
                insert into commission_line (shop_id, id, order_id, order_line_id, depth, beneficiary_id, attributed_sharer_id,
                  attribution_rule, order_external_id, line_external_id, product_id, quantity, rule, rate_bp, fixed_fen,
                  line_amount_fen, kept_amount_fen, original_fen, amount_fen, status, created_at, level_rank, base_rate_bp)
                values (?, ?, ?, ?, ?, ?, ?, 'ORDER_SHARER', ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, 'PENDING', ?, ?, ?)""");
                PreparedStatement insertEntry = db.prepareStatement("""
                        insert into ledger_entry (shop_id, journal_id, account, sharer_id, amount_fen, kind, reference, created_at)
                        values (?, ?, ?, ?, ?, 'COMMISSION', ?, ?)""");
                PreparedStatement wallet = db.prepareStatement("""
                        insert into wallet (shop_id, sharer_id, pending_fen, available_fen, frozen_fen, paid_out_fen)
                        values (?, ?, ?, 0, 0, 0)
                        on conflict (shop_id, sharer_id) do update set pending_fen = wallet.pending_fen + excluded.pending_fen""")) {
            for (int i = 0; i < earned.size(); i++) {
                Earned e = earned.get(i);
                long id = commissionIds[i];
                long beneficiary = dataset.sharerId(e.beneficiary());
                int c = 1;
                insertCommission.setLong(c++, shop);
                insertCommission.setLong(c++, id);
                insertCommission.setLong(c++, e.order().id());
                insertCommission.setLong(c++, e.lineId());
                insertCommission.setInt(c++, e.depth());
                insertCommission.setLong(c++, beneficiary);
                insertCommission.setLong(c++, dataset.sharerId(e.order().sharerIndex()));
                insertCommission.setString(c++, e.order().externalId());
                insertCommission.setString(c++, e.line().externalId());
                insertCommission.setString(c++, Catalog.productId(e.line().product()));
                insertCommission.setInt(c++, e.line().quantity());
                insertCommission.setString(c++, Catalog.mode(e.line().product()));
                insertCommission.setInt(c++, e.rate());
                insertCommission.setLong(c++, e.line().amount());
                insertCommission.setLong(c++, e.line().amount());
                insertCommission.setLong(c++, e.amount());
                insertCommission.setLong(c++, e.amount());
                insertCommission.setTimestamp(c++, now);
                insertCommission.setInt(c++, dataset.ranks()[e.beneficiary()]);
                insertCommission.setInt(c, e.rate());
                insertCommission.addBatch();
                String journal = JOURNAL_IDS.generate().toString();
                String reference = "commission-line:" + id;
                entry(insertEntry, shop, journal, "SHOP_COMMISSION", null, -e.amount(), reference, now);
                entry(insertEntry, shop, journal, "SHARER_PENDING", beneficiary, e.amount(), reference, now);
                pending.merge(beneficiary, e.amount(), Long::sum);
            }
            insertCommission.executeBatch();
            insertEntry.executeBatch();
            // In sharer-id order, as the Ledger does, so concurrent writers would never deadlock.
            for (Map.Entry<Long, Long> delta : pending.entrySet()) {
                wallet.setLong(1, shop);
                wallet.setLong(2, delta.getKey());
                wallet.setLong(3, delta.getValue());
                wallet.addBatch();
            }
            wallet.executeBatch();
        }
        countSales(db, shop, batch, now);
    }

    /**
     * What LevelActivity.sold and SharerMonthSales.add write for each order: its activity, and per
     * sharer the figures of the level period and the monthly sales, in sharer-id order.
     */
    private void countSales(Connection db, long shop, List<Order> batch, Timestamp now) throws SQLException {
        LocalDate month = now.toInstant().atZone(DatasetBuilder.SHOP_ZONE).toLocalDate().withDayOfMonth(1);
        Map<Long, long[]> monthly = new TreeMap<>();
        try (PreparedStatement activity = db.prepareStatement("""
                insert into level_activity (shop_id, sharer_id, kind, reference, order_id, points, sales_fen, orders, recruits,
                  customers, team_members, points_per_yuan, reason, occurred_at, created_at)
                values (?, ?, 'SALE', ?, ?, ?, ?, 1, 0, 0, 0, ?, null, ?, ?)""");
                PreparedStatement sales = db.prepareStatement("""
                        insert into sharer_month_sales (shop_id, month_start, sharer_id, sales_fen, orders, kept_orders, paid_from,
                          paid_until) values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (shop_id, month_start, sharer_id) do update
                        set sales_fen = sharer_month_sales.sales_fen + excluded.sales_fen, orders = sharer_month_sales.orders + excluded.orders,
                          kept_orders = sharer_month_sales.kept_orders + excluded.kept_orders,
                          paid_from = case when sharer_month_sales.paid_from is not null
                            then least(sharer_month_sales.paid_from, excluded.paid_from) end,
                          paid_until = case when sharer_month_sales.paid_until is not null
                            then greatest(sharer_month_sales.paid_until, excluded.paid_until) end""");
                PreparedStatement figures = db.prepareStatement("""
                        update sharer_level set points = points + ?, sales_fen = sales_fen + ?, orders = orders + ?,
                          latest_activity_at = ? where shop_id = ? and sharer_id = ?""")) {
            for (Order order : batch) {
                long sharer = dataset.sharerId(order.sharerIndex());
                long total = order.lines().stream().mapToLong(Line::amount).sum();
                activity.setLong(1, shop);
                activity.setLong(2, sharer);
                activity.setString(3, Long.toString(order.id()));
                activity.setLong(4, order.id());
                long points = Math.floorDiv(total * Catalog.POINTS_PER_YUAN, 100L) + Catalog.POINTS_PER_ORDER;
                activity.setLong(5, points);
                activity.setLong(6, total);
                activity.setInt(7, Catalog.POINTS_PER_YUAN);
                activity.setTimestamp(8, now);
                activity.setTimestamp(9, now);
                activity.addBatch();
                long[] sum = monthly.computeIfAbsent(sharer, s -> new long[3]);
                sum[0] += total;
                sum[1]++;
                sum[2] += points;
            }
            activity.executeBatch();
            for (Map.Entry<Long, long[]> row : monthly.entrySet()) {
                sales.setLong(1, shop);
                sales.setObject(2, month);
                sales.setLong(3, row.getKey());
                sales.setLong(4, row.getValue()[0]);
                sales.setInt(5, (int) row.getValue()[1]);
                sales.setInt(6, (int) row.getValue()[1]);
                sales.setTimestamp(7, now);
                sales.setTimestamp(8, now);
                sales.addBatch();
                figures.setLong(1, row.getValue()[2]);
                figures.setLong(2, row.getValue()[0]);
                figures.setLong(3, row.getValue()[1]);
                figures.setTimestamp(4, now);
                figures.setLong(5, shop);
                figures.setLong(6, row.getKey());
                figures.addBatch();
            }
            sales.executeBatch();
            figures.executeBatch();
        }
    }

    private static void entry(PreparedStatement insert, long shop, String journal, String account, Long sharer, long amount,
            String reference, Timestamp at) throws SQLException {
        insert.setLong(1, shop);
        insert.setString(2, journal);
        insert.setString(3, account);
        insert.setObject(4, sharer);
        insert.setLong(5, amount);
        insert.setString(6, reference);
        insert.setTimestamp(7, at);
        insert.addBatch();
    }

    /** Ids drawn from a table's identity sequence, many in one round trip. */
    private static final class Sequences {
        private final Connection db;
        private final Map<String, String> names = new TreeMap<>();

        Sequences(Connection db) {
            this.db = db;
        }

        long[] next(String table, int count) throws SQLException {
            String sequence = names.get(table);
            if (sequence == null) {
                try (PreparedStatement find = db.prepareStatement("select pg_get_serial_sequence(?, 'id')")) {
                    find.setString(1, table);
                    try (ResultSet rs = find.executeQuery()) {
                        rs.next();
                        sequence = rs.getString(1);
                        names.put(table, sequence);
                    }
                }
            }
            long[] ids = new long[count];
            try (PreparedStatement draw = db.prepareStatement("select nextval(?::regclass) from generate_series(1, ?)")) {
                draw.setString(1, sequence);
                draw.setInt(2, count);
                try (ResultSet rs = draw.executeQuery()) {
                    for (int i = 0; i < count && rs.next(); i++) {
                        ids[i] = rs.getLong(1);
                    }
                }
            }
            return ids;
        }
    }
}
