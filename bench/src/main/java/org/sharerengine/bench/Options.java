package org.sharerengine.bench;

import java.nio.file.Path;
import java.time.Duration;

/** What {@code bench/run} passes on: the size, the load settings and where the application and PostgreSQL are. */
record Options(Size size, int concurrency, Duration seconds, Duration warmup, int batchSize, int batchConcurrency,
        String baseUrl, String adminUser, String adminPassword, String jdbcUrl, String jdbcUser, String jdbcPassword,
        Long appPid, Path resultsDir) {

    enum Size {
        SMALL(20_000, 200_000, true), LARGE(1_000_000, 10_000_000, false);

        final int sharers;
        final int orders;
        /** Ledger entries for the history: cheap on small; on large they would triple the build, so they are left out. */
        final boolean ledgerHistory;

        Size(int sharers, int orders, boolean ledgerHistory) {
            this.sharers = sharers;
            this.orders = orders;
            this.ledgerHistory = ledgerHistory;
        }

        String label() {
            return name().toLowerCase();
        }
    }

    static Options parse(String[] args) {
        Size size = Size.SMALL;
        Integer concurrency = null;
        Integer seconds = null;
        Integer warmup = null;
        int batchSize = 200;
        int batchConcurrency = 4;
        String baseUrl = null;
        String jdbcUrl = null;
        Long pid = null;
        Path results = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "small", "large" -> size = Size.valueOf(arg.toUpperCase());
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--batch-concurrency" -> batchConcurrency = Integer.parseInt(args[++i]);
                case "--base-url" -> baseUrl = args[++i];
                case "--jdbc-url" -> jdbcUrl = args[++i];
                case "--app-pid" -> pid = Long.parseLong(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (baseUrl == null || jdbcUrl == null) {
            throw new IllegalArgumentException("--base-url and --jdbc-url are required (bench/run passes them)");
        }
        int measured = seconds != null ? seconds : size == Size.SMALL ? 10 : 60;
        // Long enough for the JIT of an application started for this run, on the 2 cores it shares with PostgreSQL:
        // small single intake measured 847 orders/s after 10 s of warm-up and 1,191 after 30 s, same code.
        int warm = warmup != null ? warmup : 30;
        return new Options(size, concurrency == null ? 32 : concurrency, Duration.ofSeconds(measured), Duration.ofSeconds(warm),
                batchSize, batchConcurrency, baseUrl, env("ENGINE_ADMIN_USERNAME", "admin"), env("ENGINE_ADMIN_PASSWORD", "admin"),
                jdbcUrl, env("BENCH_PG_USER", "postgres"), env("BENCH_PG_PASSWORD", ""), pid, results);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
