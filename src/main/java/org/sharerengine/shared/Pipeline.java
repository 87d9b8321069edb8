package org.sharerengine.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes of one transaction that need no answer from the database, sent together. On PostgreSQL
 * they are kept until {@link #send()} and then go as one multi-statement query: one round trip for
 * all of them (the driver sends every statement and waits once), each write one statement over
 * arrays, one array per column ({@code unnest}), so that the query's text is the same whatever the
 * number of rows and the driver prepares it on the server once, instead of PostgreSQL parsing and
 * planning it again for every intake. Elsewhere (H2) each write is executed at once, as a batch of
 * one-row statements, in the same order.
 *
 * <p>What is kept is not seen by the transaction's reads until it is sent: whoever reads what was
 * written through the pipeline sends it first. A failing statement fails the send, and with it the
 * transaction, as it would have failed on its own.
 *
 * <p>Columns are given with their PostgreSQL array element type, e.g. {@code "shop_id int8,
 * external_id varchar, paid_at timestamptz"}; a row gives one value per column, in that order.
 */
public final class Pipeline {

    private record Column(String name, String type) {
    }

    /** A kept write: its statement and, per placeholder, the column values of all its rows. */
    private record Kept(String sql, List<Column> columns, List<Object[]> rows) {
    }

    private final JdbcTemplate jdbc;
    private final boolean deferred;
    private final List<Kept> kept = new ArrayList<>();
    /** Whether what is kept goes with the transaction's commit ({@link #sendAtCommit()}). */
    private boolean atCommit;

    Pipeline(JdbcTemplate jdbc, boolean deferred) {
        this.jdbc = jdbc;
        this.deferred = deferred;
    }

    /**
     * Inserts the rows into {@code table} (which may carry an alias for {@code tail}, e.g. an
     * {@code on conflict} clause; a row must then appear once).
     */
    public void insert(String table, String typedColumns, String tail, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!deferred) {
            jdbc.batchUpdate(insertValues(table, typedColumns) + " " + tail, rows);
            return;
        }
        List<Column> columns = columns(typedColumns);
        kept.add(new Kept("insert into " + table + " (" + names(typedColumns) + ") select * from " + unnest(columns) + " " + tail,
                columns, rows));
    }

    /**
     * Updates one row of {@code table} per row of values, found by {@code typedKeys}: each row gives
     * its keys, then the values of {@code typedValues}, which it sets.
     */
    public void update(String table, String typedKeys, String typedValues, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Column> keys = columns(typedKeys);
        List<Column> values = columns(typedValues);
        if (!deferred) {
            String set = values.stream().map(c -> c.name() + " = ?").collect(Collectors.joining(", "));
            String where = keys.stream().map(c -> c.name() + " = ?").collect(Collectors.joining(" and "));
            // Values first, then keys, as the placeholders stand.
            List<Object[]> bound = rows.stream().map(row -> {
                Object[] reordered = new Object[row.length];
                System.arraycopy(row, keys.size(), reordered, 0, values.size());
                System.arraycopy(row, 0, reordered, values.size(), keys.size());
                return reordered;
            }).toList();
            jdbc.batchUpdate("update " + table + " set " + set + " where " + where, bound);
            return;
        }
        List<Column> all = new ArrayList<>(keys);
        all.addAll(values);
        String set = values.stream().map(c -> c.name() + " = v." + c.name()).collect(Collectors.joining(", "));
        String where = keys.stream().map(c -> "t." + c.name() + " = v." + c.name()).collect(Collectors.joining(" and "));
        String names = all.stream().map(Column::name).collect(Collectors.joining(", "));
        kept.add(new Kept("update " + table + " t set " + set + " from " + unnest(all) + " as v(" + names + ") where " + where, all,
                rows));
    }

    /** Sends what was kept, in one round trip; nothing when nothing was. */
    public void send() {
        send(false);
    }

    /**
     * Sends what is kept with the transaction's commit: on PostgreSQL the writes and the {@code
     * commit} then go in one round trip instead of two. For the last writes of a transaction, which
     * commits right after them: nothing is sent before the commit, so a statement the transaction
     * sends after this call runs before these writes, and does not see them. A failing write fails
     * the commit, and the transaction rolls back. Outside a transaction, sends at once.
     */
    public void sendAtCommit() {
        if (kept.isEmpty() || atCommit) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send();
            return;
        }
        atCommit = true;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                // The commit goes with the writes; the driver then finds the transaction ended and sends no commit of its own.
                send(true);
            }

            /** After every other synchronization, any of which might still write in the transaction. */
            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }
        });
    }

    private void send(boolean commit) {
        if (kept.isEmpty()) {
            return;
        }
        List<Kept> sending = List.copyOf(kept);
        kept.clear();
        String statements = sending.stream().map(Kept::sql).collect(Collectors.joining(";\n")) + (commit ? ";\ncommit" : "");
        jdbc.execute(statements, (PreparedStatement statement) -> {
            Connection connection = statement.getConnection();
            int index = 1;
            for (Kept write : sending) {
                for (int c = 0; c < write.columns().size(); c++) {
                    Column column = write.columns().get(c);
                    statement.setArray(index++, connection.createArrayOf(column.type(), values(write.rows(), c)));
                }
            }
            statement.execute();
            return null;
        });
    }

    private static String unnest(List<Column> columns) {
        return "unnest(" + columns.stream().map(c -> "cast(? as " + c.type() + "[])").collect(Collectors.joining(", ")) + ")";
    }

    /** One column of the rows, as the driver writes an array's elements; instants and dates as ISO-8601 text. */
    private static Object[] values(List<Object[]> rows, int column) {
        Object[] values = new Object[rows.size()];
        for (int r = 0; r < values.length; r++) {
            Object value = rows.get(r)[column];
            values[r] = value instanceof OffsetDateTime || value instanceof LocalDate ? value.toString() : value;
        }
        return values;
    }

    /** The names of typed columns, for a statement of one's own. */
    public static String names(String typedColumns) {
        return columns(typedColumns).stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** A one-row insert of the typed columns, one {@code ?} per column in their order, for a batch of rows sent at once. */
    public static String insertValues(String table, String typedColumns) {
        return "insert into " + table + " (" + names(typedColumns) + ") values (" + "?, ".repeat(columns(typedColumns).size() - 1) + "?)";
    }

    /**
     * The parsed columns of each typed-column text: every intake writes the same few texts, so each
     * is split once, not once per write.
     */
    private static final Map<String, List<Column>> PARSED = new ConcurrentHashMap<>();

    private static List<Column> columns(String typed) {
        return PARSED.computeIfAbsent(typed, Pipeline::parse);
    }

    private static List<Column> parse(String typed) {
        return Arrays.stream(typed.split(",")).map(String::strip).map(spec -> {
            String[] parts = spec.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a column is its name and its type, not '" + spec + "'");
            }
            return new Column(parts[0], parts[1]);
        }).toList();
    }
}
