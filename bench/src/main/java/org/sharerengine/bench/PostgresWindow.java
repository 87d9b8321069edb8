package org.sharerengine.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * What PostgreSQL did to store a phase's orders in its measured window, per order stored.
 *
 * <p>Its write-ahead log: the WAL and the full-page images, and the checkpoints that began in the
 * window. After each checkpoint the first change of every page writes the whole page to the WAL
 * ({@code full_page_writes}); intake changes index pages of a large dataset at random, so
 * checkpoints close together (a small {@code max_wal_size}) make most of an order's WAL whole pages.
 *
 * <p>Its buffers: the pages it had to read from outside {@code shared_buffers} (from the operating
 * system's cache or the disk), and the dirty pages its sessions had to write out themselves to free
 * a buffer for them. Both are paid on the order's path, one system call a page; a {@code
 * shared_buffers} smaller than the indexes intake changes at random makes them several per order.
 *
 * <p>The window is read by the clock, as the load phases measure: one snapshot when the warm-up
 * ends, one when the measured seconds end ({@code pg_stat_wal}: PostgreSQL 14 or later).
 */
final class PostgresWindow implements AutoCloseable {

    private record Snapshot(long bytes, long fullPageImages, long checkpoints, long pagesRead, long pagesWrittenBySessions) {
    }

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "postgres-window");
        thread.setDaemon(true);
        return thread;
    });
    private final Options options;
    private final CompletableFuture<Snapshot> from;
    private final CompletableFuture<Snapshot> until;

    private PostgresWindow(Options options, Duration warmup, Duration measured) {
        this.options = options;
        this.from = at(warmup);
        this.until = at(warmup.plus(measured));
    }

    /** A write phase: warms up for the options' warm-up from when it is called, then measures for their seconds. */
    interface WritePhase {
        Measurement run() throws Exception;
    }

    /** What a write phase measured, and what PostgreSQL did to store its orders in its measured window ({@link #perOrder}). */
    record Measured(Measurement measurement, Map<String, Object> storage) {
    }

    /**
     * Runs {@code phase}, after a checkpoint, with the window of the options' warm-up and seconds
     * around it. Every write phase starts from a checkpoint, so each pays for the first changes of
     * the pages it touches: without it, the first phase would pay for the checkpoint that building
     * the dataset calls for, and the later ones, with checkpoints far apart, would find the pages
     * already written whole.
     */
    static Measured measure(Options options, WritePhase phase) throws Exception {
        checkpoint(options);
        try (PostgresWindow window = new PostgresWindow(options, options.warmup(), options.seconds())) {
            Measurement m = phase.run();
            return new Measured(m, window.perOrder(m.orders()));
        }
    }

    private CompletableFuture<Snapshot> at(Duration after) {
        CompletableFuture<Snapshot> snapshot = new CompletableFuture<>();
        clock.schedule(() -> {
            try {
                snapshot.complete(read());
            } catch (SQLException | RuntimeException e) {
                snapshot.completeExceptionally(e);
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
        return snapshot;
    }

    /** Needs a superuser or the {@code pg_checkpoint} role; without them the phase runs as it finds the server. */
    private static void checkpoint(Options options) {
        long started = System.nanoTime();
        try (Connection db = DatasetBuilder.connect(options); Statement statement = db.createStatement()) {
            statement.execute("checkpoint");
            System.out.printf(Locale.ROOT, "  checkpoint first: %.1f s%n", (System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            System.out.println("  no checkpoint first: " + e.getMessage());
        }
    }

    private Snapshot read() throws SQLException {
        try (Connection db = DatasetBuilder.connect(options); Statement statement = db.createStatement()) {
            // PostgreSQL 17 moved the checkpoint counts from pg_stat_bgwriter to pg_stat_checkpointer,
            // and the sessions' own buffer writes to pg_stat_io.
            boolean seventeen = db.getMetaData().getDatabaseMajorVersion() >= 17;
            String checkpoints = seventeen
                    ? "(select num_timed + num_requested from pg_stat_checkpointer)"
                    : "(select checkpoints_timed + checkpoints_req from pg_stat_bgwriter)";
            String writtenBySessions = seventeen
                    ? "(select coalesce(sum(writes), 0) from pg_stat_io where backend_type = 'client backend')"
                    : "(select buffers_backend from pg_stat_bgwriter)";
            try (ResultSet rs = statement.executeQuery("select wal_bytes, wal_fpi, " + checkpoints
                    + ", (select blks_read from pg_stat_database where datname = current_database()), " + writtenBySessions
                    + " from pg_stat_wal")) {
                rs.next();
                return new Snapshot(rs.getBigDecimal(1).longValue(), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        }
    }

    /**
     * The window's WAL per order ({@code walKbPerOrder}, {@code fullPageImagesPerOrder}), its
     * {@code checkpoints}, and the pages read from outside the shared buffers and written out by
     * the sessions per order ({@code pagesReadPerOrder}, {@code pagesWrittenBySessionsPerOrder}; the
     * reads are the bench database's, the writes the whole server's); waits for the window's end if
     * the phase ended early. Empty when the server cannot tell (before PostgreSQL 14) or nothing was
     * stored.
     */
    private Map<String, Object> perOrder(long orders) throws InterruptedException {
        Map<String, Object> figures = new LinkedHashMap<>();
        Snapshot first;
        Snapshot last;
        try {
            first = from.get();
            last = until.get();
        } catch (ExecutionException e) {
            System.out.println("    (no PostgreSQL figures: " + e.getCause().getMessage() + ")");
            return figures;
        }
        if (orders > 0) {
            figures.put("walKbPerOrder", Report.round((last.bytes() - first.bytes()) / 1024.0 / orders));
            figures.put("fullPageImagesPerOrder", perOrder(first, last, Snapshot::fullPageImages, orders));
            figures.put("checkpoints", last.checkpoints() - first.checkpoints());
            figures.put("pagesReadPerOrder", perOrder(first, last, Snapshot::pagesRead, orders));
            figures.put("pagesWrittenBySessionsPerOrder", perOrder(first, last, Snapshot::pagesWrittenBySessions, orders));
        }
        return figures;
    }

    /** How much a counter grew in the window, per order stored. */
    private static Double perOrder(Snapshot first, Snapshot last, ToLongFunction<Snapshot> counter, long orders) {
        return Report.round((double) (counter.applyAsLong(last) - counter.applyAsLong(first)) / orders);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
