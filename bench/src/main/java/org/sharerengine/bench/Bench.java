package org.sharerengine.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

/**
 * One benchmark run against a running application (started by {@code bench/run}): the dataset,
 * the PostgreSQL ceiling, then the HTTP phases, the level run and the heap; prints the table,
 * writes the JSON and exits 1 when a phase had errors or no throughput.
 */
public final class Bench {

    private static final String ORDERS = "POST /api/v1/orders";
    private static final String BATCHES = "POST /api/v1/order-batches";
    private static final String LEADERBOARD = "GET /api/v1/leaderboards/sales?month&limit=100";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("size", options.size().label());
        report.put("startedAt", Instant.now().toString());
        report.put("options", Map.of("concurrency", options.concurrency(), "seconds", options.seconds().toSeconds(),
                "warmupSeconds", options.warmup().toSeconds(), "batchSize", options.batchSize(),
                "batchConcurrency", options.batchConcurrency()));
        try (Connection db = DatasetBuilder.connect(options)) {
            report.put("machine", Machine.facts(db));
        }
        Http admin = Http.admin(options.baseUrl(), options.adminUser(), options.adminPassword());
        System.out.printf("Phase 1: dataset (%s)%n", options.size().label());
        Dataset dataset = new DatasetBuilder(options, admin).buildOrReuse();
        report.put("dataset", datasetFacts(options, dataset));
        Http shop = admin.shop(dataset.apiKey());
        OrderMaker orders = new OrderMaker(dataset, run);
        List<Phase> phases = new ArrayList<>();
        long heapMax;
        try (HeapSampler heap = new HeapSampler(shop)) {
            System.out.printf("Phase 2: ceiling (plain JDBC, %d orders per transaction)%n", Ceiling.BULK_ORDERS_PER_TRANSACTION);
            PostgresWindow.Measured ceiling = PostgresWindow.measure(options,
                    () -> new Ceiling(options, dataset, orders, run, Ceiling.BULK_ORDERS_PER_TRANSACTION).run(options.warmup(), options.seconds()));
            phases.add(Phase.measured("ceiling", "JDBC ceiling (" + Ceiling.BULK_ORDERS_PER_TRANSACTION + " orders/tx)",
                    ceiling.measurement(), true).with(ceiling.storage()));
            double ceilingRate = ceiling.measurement().ordersPerSecond();

            System.out.printf("Phase 3: single-order intake, %d workers%n", options.concurrency());
            ConcurrentLinkedQueue<OrderMaker.Sent> refundable = new ConcurrentLinkedQueue<>();
            GroupSizes groupsBefore = GroupSizes.read(shop);
            PostgresWindow.Measured measuredSingle = PostgresWindow.measure(options, () -> load(options, options.concurrency(), Set.of(201), () -> {
                Map<String, Object> order = orders.next("single");
                Http.Response response = shop.post("/api/v1/orders", order);
                if (response.status() == 201) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> lines = (List<Map<String, Object>>) order.get("lines");
                    refundable.add(new OrderMaker.Sent((String) order.get("orderId"), lines));
                }
                return new LoadGenerator.Result(response.status(), 1, response.body());
            }));
            Measurement single = measuredSingle.measurement();
            boolean judgedConcurrency = options.concurrency() == 32;
            Phase singlePhase = Phase.measured("single", ORDERS, single, true).with(measuredSingle.storage()).judged("≥ 1500 orders/s, p99 ≤ 50 ms at c=32",
                    judgedConcurrency ? single.ordersPerSecond() >= 1_500 && single.percentileMs(0.99) <= 50 : null);
            Phase groupCeiling = groupCeiling(options, dataset, orders, run, groupsBefore, GroupSizes.read(shop));
            phases.add(groupCeiling == null ? singlePhase.against(ceilingRate) : singlePhase.against(groupCeiling.ordersPerSecond()));
            if (groupCeiling != null) {
                phases.add(groupCeiling);
            }

            System.out.printf("Phase 4: bulk intake, %d orders per request, %d workers%n", options.batchSize(), options.batchConcurrency());
            phases.add(bulk(options, shop, orders).against(ceilingRate));
            Phase bulk = phases.getLast();
            if (bulk.ceilingRatio() != null) {
                phases.set(phases.size() - 1, bulk.judged("≥ 50 % of ceiling", bulk.ceilingRatio() >= 0.5));
            }

            System.out.println("Phase 5: refunds of phase 3's orders");
            // The application is warm by now, and a long warm-up would spend phase 3's orders before measuring.
            Measurement refunds = LoadGenerator.run(options.concurrency(), Duration.ofSeconds(1), options.seconds(), Set.of(201), () -> {
                OrderMaker.Sent order = refundable.poll();
                if (order == null) {
                    throw new LoadGenerator.Exhausted();
                }
                Map<String, Object> line = order.lines().get(ThreadLocalRandom.current().nextInt(order.lines().size()));
                long amount = Math.max(1, ((Number) line.get("amountFen")).longValue() / 2);
                String refundId = "refund-" + order.orderId();
                Http.Response response = shop.post("/api/v1/orders/" + order.orderId() + "/refunds",
                        Map.of("refundId", refundId, "lines", List.of(Map.of("lineId", line.get("lineId"), "amountFen", amount))));
                return new LoadGenerator.Result(response.status(), 0, response.body());
            });
            phases.add(Phase.measured("refunds", "POST /api/v1/orders/{id}/refunds", refunds, false));

            System.out.println("Phase 6: reads");
            Measurement wallets = load(options, options.concurrency(), Set.of(200), () -> {
                long sharer = dataset.sharerId(ThreadLocalRandom.current().nextInt(dataset.sharers()));
                Http.Response response = shop.get("/api/v1/sharers/" + sharer + "/wallet");
                return new LoadGenerator.Result(response.status(), 0, response.body());
            });
            phases.add(Phase.measured("wallet", "GET /api/v1/sharers/{id}/wallet", wallets, false));
            phases.addAll(leaderboard(options, shop));

            System.out.println("Phase 7: level evaluation");
            phases.add(levelRun(options, dataset, shop));
            heapMax = heap.max();
        }
        phases.add(heapPhase(options, shop, heapMax));
        report.put("notes", notes(options));
        Report.print(phases);
        Path written = Report.write(options.resultsDir(), options.size().label(), report, phases);
        System.out.println("Written " + written + " and latest-" + options.size().label() + ".json");
        List<String> failed = phases.stream().filter(Phase::failed).map(Phase::name).toList();
        if (!failed.isEmpty()) {
            System.err.println("Phases with errors or no throughput: " + failed);
            System.exit(1);
        }
    }

    private static Measurement load(Options options, int workers, Set<Integer> expected, LoadGenerator.Operation operation)
            throws InterruptedException {
        return LoadGenerator.run(workers, options.warmup(), options.seconds(), expected, operation);
    }

    /**
     * The ceiling at single intake's own transaction size: plain JDBC writing as many orders per
     * transaction as the application's intake groups held on average during phase 3, one transaction
     * after another, as the groups write. What single intake could reach here if receiving, reading
     * and pricing cost nothing; null (single is then shown against the bulk ceiling) when the
     * application does not tell its group sizes.
     */
    private static Phase groupCeiling(Options options, Dataset dataset, OrderMaker orders, String run, GroupSizes before,
            GroupSizes after) throws Exception {
        Double mean = before == null || after == null ? null : after.meanSince(before);
        if (mean == null) {
            return null;
        }
        int perTransaction = Math.max(1, (int) Math.round(mean));
        System.out.printf("Phase 3b: ceiling at single intake's mean group (%.1f orders), %d orders per transaction%n", mean,
                perTransaction);
        PostgresWindow.Measured m = PostgresWindow.measure(options,
                () -> new Ceiling(options, dataset, orders, run + "g", perTransaction).run(options.warmup(), options.seconds()));
        return Phase.measured("ceiling-groups", "JDBC ceiling (" + perTransaction + " orders/tx: single's mean group)", m.measurement(),
                true).with(Map.of("meanGroupOrders", Report.round(mean))).with(m.storage());
    }

    /** The bulk endpoint is being built elsewhere: a 404 marks the phase "not available" instead of failing the run. */
    private static Phase bulk(Options options, Http shop, OrderMaker orders) throws Exception {
        if (shop.post("/api/v1/order-batches", Map.of("orders", List.of(orders.next("probe")))).status() == 404) {
            return Phase.notAvailable("bulk", BATCHES);
        }
        PostgresWindow.Measured bulk = PostgresWindow.measure(options, () -> load(options, options.batchConcurrency(), Set.of(200), () -> {
            List<Map<String, Object>> batch = new ArrayList<>(options.batchSize());
            for (int i = 0; i < options.batchSize(); i++) {
                batch.add(orders.next("bulk"));
            }
            Http.Response response = shop.post("/api/v1/order-batches", Map.of("orders", batch));
            return new LoadGenerator.Result(response.status(), options.batchSize(), response.body());
        }));
        return Phase.measured("bulk", BATCHES + " (" + options.batchSize() + "/request)", bulk.measurement(), true).with(bulk.storage());
    }

    /** Top 100 of last month (a whole month of sales in the dataset); a 404 means the endpoint is not there yet. */
    private static List<Phase> leaderboard(Options options, Http shop) throws Exception {
        YearMonth month = YearMonth.from(ZonedDateTime.now(DatasetBuilder.SHOP_ZONE)).minusMonths(1);
        String path = "/api/v1/leaderboards/sales?month=" + month + "&limit=100";
        if (shop.get(path).status() == 404) {
            return List.of(Phase.notAvailable("leaderboard", LEADERBOARD));
        }
        LoadGenerator.Operation read = () -> {
            Http.Response response = shop.get(path);
            return new LoadGenerator.Result(response.status(), 0, response.body());
        };
        // Throughput under the full load, then the latency the target is about: one reader at a
        // time, so the figure is the request's own cost, not its wait behind 31 others for 2 cores.
        Phase underLoad = Phase.measured("leaderboard", LEADERBOARD + " c=" + options.concurrency(),
                load(options, options.concurrency(), Set.of(200), read), false);
        Measurement alone = load(options, 1, Set.of(200), read);
        return List.of(underLoad, Phase.measured("leaderboard-latency", LEADERBOARD + " c=1", alone, false)
                .judged("p99 ≤ 10 ms", alone.percentileMs(0.99) <= 10));
    }

    /**
     * A month's end for every sharer at once: each unlocked level row is given the month that ended
     * just now as its period, with the figures of the activity dated inside it, as the application
     * would have kept them, and the table is vacuumed, as autovacuum would have after a month of
     * intake. A run as of that end then judges every sharer once; it is timed end to end.
     */
    private static Phase levelRun(Options options, Dataset dataset, Http shop) throws Exception {
        Instant asOf = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        Instant start = asOf.atZone(DatasetBuilder.SHOP_ZONE).minusMonths(1).toInstant();
        try (Connection db = DatasetBuilder.connect(options);
                PreparedStatement rewind = db.prepareStatement("""
                        update sharer_level set period_start = ?, period_end = ?, opening_activity_id = null, points = 0,
                          sales_fen = 0, orders = 0, recruits = 0, customers = 0, team_members = 0
                        where shop_id = ? and locked = false""");
                PreparedStatement figures = db.prepareStatement("""
                        update sharer_level l set points = a.points, sales_fen = a.sales_fen, orders = a.orders,
                          recruits = a.recruits, customers = a.customers, team_members = a.team_members
                        from (select sharer_id, sum(points) points, sum(sales_fen) sales_fen, sum(orders) orders,
                                sum(recruits) recruits, sum(customers) customers, sum(team_members) team_members
                              from level_activity where shop_id = ? and occurred_at >= ? and occurred_at < ? group by sharer_id) a
                        where l.shop_id = ? and l.sharer_id = a.sharer_id and l.locked = false""");
                Statement vacuum = db.createStatement()) {
            rewind.setTimestamp(1, Timestamp.from(start));
            rewind.setTimestamp(2, Timestamp.from(asOf));
            rewind.setLong(3, dataset.shopId());
            rewind.executeUpdate();
            figures.setLong(1, dataset.shopId());
            figures.setTimestamp(2, Timestamp.from(start));
            figures.setTimestamp(3, Timestamp.from(asOf));
            figures.setLong(4, dataset.shopId());
            figures.executeUpdate();
            vacuum.execute("vacuum (analyze) sharer_level");
        }
        long started = System.nanoTime();
        Http.Response response = shop.post("/api/v1/level-runs", Map.of("asOf", asOf.toString()));
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seconds", Report.round(seconds));
        long[] latency = {(long) (seconds * 1e9)};
        Map<Integer, Long> errors = new LinkedHashMap<>();
        int sharers = 0;
        if (response.status() == 200) {
            JsonNode result = response.json();
            sharers = result.get("sharers").asInt();
            details.put("sharers", sharers);
            details.put("evaluated", result.get("evaluated").asInt());
            details.put("downgraded", result.get("downgraded").asInt());
            details.put("kept", result.get("kept").asInt());
        } else {
            errors.put(response.status(), 1L);
        }
        Measurement m = Measurement.of(1, 0, seconds, latency, errors, response.status() == 200 ? null : response.body());
        boolean large = options.size() == Options.Size.LARGE;
        return new Phase("levels", "POST /api/v1/level-runs (" + sharers + " sharers)", Phase.OK, m, null, null, null, null, details)
                .judged("1,000,000 sharers ≤ 10 s", large ? (Boolean) (seconds <= 10) : null);
    }

    /** The highest heap sample of the load phases, and the heap after a full GC when the script gave the app's pid. */
    private static Phase heapPhase(Options options, Http shop, long maxBytes) throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxMb", maxBytes < 0 ? null : maxBytes / (1024 * 1024));
        if (options.appPid() != null) {
            Process gc = new ProcessBuilder("jcmd", options.appPid().toString(), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (gc.waitFor() == 0) {
                long after = HeapSampler.heapUsed(shop);
                details.put("afterGcMb", after < 0 ? null : after / (1024 * 1024));
            }
        }
        Boolean pass = maxBytes < 0 ? null : maxBytes <= 512L * 1024 * 1024;
        return new Phase("heap", "application heap (max of 500 ms samples)", Phase.OK, null, null, null, null, null, details)
                .judged("≤ 512 MB", pass);
    }

    private static Map<String, Object> datasetFacts(Options options, Dataset dataset) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("shopId", dataset.shopId());
        facts.put("reused", dataset.reused());
        facts.put("buildSeconds", Report.round(dataset.buildSeconds()));
        facts.put("sharers", dataset.sharers());
        facts.put("customers", dataset.customers());
        facts.put("ledgerHistory", options.size().ledgerHistory);
        facts.put("rows", dataset.rowCounts());
        return facts;
    }

    private static List<String> notes(Options options) {
        List<String> notes = new ArrayList<>();
        if (!options.size().ledgerHistory) {
            notes.add("The history has no ledger entries (wallets hold its balances); the ledger audit of this shop does not balance.");
        }
        notes.add("Before the level run every sharer's period is moved to last month, so the run judges all of them once.");
        notes.add("Row counts are taken before this run's load phases; a reused dataset's include the rows of earlier runs.");
        return notes;
    }
}
