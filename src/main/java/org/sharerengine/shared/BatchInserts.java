package org.sharerengine.shared;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Inserts rows in one batch and answers their ids, in the rows' order.
 *
 * <p>On PostgreSQL the ids are drawn from the table's identity sequence first, all in one round
 * trip, and the rows go into a {@link Pipeline} with them, as one multi-row insert sent with the
 * transaction's other writes. (Asked for generated keys, the driver would send every row as a
 * statement of its own, pgjdbc issue 3683: the commission lines of one intake group cost
 * PostgreSQL 47 executions instead of one.) On H2 the rows are inserted at once and the database
 * generates the ids, as it always did. Either way every id is the identity's next value, so a row
 * inserted later without one never collides, and one batch's ids ascend in the rows' order.
 */
@Component
public class BatchInserts {

    private final NamedParameterJdbcTemplate batch;
    private final Pipelines pipelines;
    private final boolean drawIds;
    /** Each table's identity sequence, looked up once. */
    private final Map<String, String> sequences = new ConcurrentHashMap<>();

    BatchInserts(NamedParameterJdbcTemplate batch, Pipelines pipelines, Database database) {
        this.batch = batch;
        this.pipelines = pipelines;
        this.drawIds = database.postgres();
    }

    /**
     * Ids drawn ahead for the inserts of one transaction, per table, so that several tables' ids
     * cost one round trip. Elsewhere than on PostgreSQL nothing is drawn; each insert then runs at
     * once and the database generates its ids.
     */
    public static final class Reserved {

        private final Reads.Answer<Map<String, long[]>> ids;

        private Reserved(Reads.Answer<Map<String, long[]>> ids) {
            this.ids = ids;
        }

        /**
         * The first {@code count} of the ids drawn for {@code table}, which are taken once. A table's
         * rows may be counted before they are known, as at most so many: the ids left over stay unused
         * (a gap in the identity's values, which nothing reads).
         */
        private long[] take(String table, int count) {
            long[] drawn = ids.get().remove(table);
            if (drawn == null || drawn.length < count) {
                throw new IllegalStateException(count + " ids of " + table + " were not drawn ahead");
            }
            return drawn.length == count ? drawn : Arrays.copyOf(drawn, count);
        }
    }

    /**
     * Draws ids for the given number of rows of each table (or at most that many), all in one round
     * trip on PostgreSQL (nothing elsewhere), for {@link #insert(Pipeline, String, String, List, Reserved)}.
     */
    public Reserved reserve(Map<String, Integer> rowsByTable) {
        Reads now = pipelines.reads();
        Reserved reserved = reserve(now, rowsByTable);
        now.send();
        return reserved;
    }

    /**
     * As {@link #reserve(Map)}, the draw sent with the other {@code reads}: when the first id is
     * taken, or when another of the reads is answered.
     */
    public Reserved reserve(Reads reads, Map<String, Integer> rowsByTable) {
        List<String> tables = rowsByTable.entrySet().stream().filter(e -> drawIds && e.getValue() > 0).map(Map.Entry::getKey)
                .sorted().toList();
        if (tables.isEmpty()) {
            return new Reserved(Reads.answered(new HashMap<>()));
        }
        return new Reserved(draw(reads, tables, rowsByTable));
    }

    /**
     * Inserts one row per array of values, in the order of {@code typedColumns} (without {@code id};
     * see {@link Pipeline}), and answers the new ids. On PostgreSQL the ids are drawn now and the
     * insert waits in the pipeline, to be sent with the transaction's other writes; elsewhere the
     * rows are inserted now and the database generates the ids.
     */
    public long[] insert(Pipeline pipeline, String table, String typedColumns, List<Object[]> rows) {
        return insert(pipeline, table, typedColumns, rows, reserve(Map.of(table, rows.size())));
    }

    /** As {@link #insert(Pipeline, String, String, List)}, with the ids {@link #reserve reserved} for the rows. */
    public long[] insert(Pipeline pipeline, String table, String typedColumns, List<Object[]> rows, Reserved reserved) {
        if (rows.isEmpty()) {
            return new long[0];
        }
        if (!drawIds) {
            return insertNow(Pipeline.insertValues(table, typedColumns), rows);
        }
        long[] ids = reserved.take(table, rows.size());
        List<Object[]> identified = new ArrayList<>(rows.size());
        for (int i = 0; i < ids.length; i++) {
            Object[] row = rows.get(i);
            Object[] withId = new Object[row.length + 1];
            withId[0] = ids[i];
            System.arraycopy(row, 0, withId, 1, row.length);
            identified.add(withId);
        }
        pipeline.insert(table, "id int8, " + typedColumns, "", identified);
        return ids;
    }

    private long[] insertNow(String insert, List<Object[]> rows) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        batch.getJdbcTemplate().batchUpdate(connection -> connection.prepareStatement(insert, new String[] {"id"}),
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        Object[] row = rows.get(i);
                        for (int k = 0; k < row.length; k++) {
                            StatementCreatorUtils.setParameterValue(statement, k + 1, SqlTypeValue.TYPE_UNKNOWN, row[k]);
                        }
                    }

                    @Override
                    public int getBatchSize() {
                        return rows.size();
                    }
                }, keys);
        return keys.getKeyList().stream().mapToLong(key -> ((Number) key.get("id")).longValue()).toArray();
    }

    /** Each table's next ids from its identity sequence, one statement for all the tables. */
    private Reads.Answer<Map<String, long[]>> draw(Reads reads, List<String> tables, Map<String, Integer> rowsByTable) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (int t = 0; t < tables.size(); t++) {
            String table = tables.get(t);
            sql.append(t == 0 ? "" : " union all ").append("select ").append(t)
                    .append(" k, nextval(cast(? as regclass)) id from generate_series(1, ?)");
            args.add(sequences.computeIfAbsent(table, name -> batch.getJdbcTemplate()
                    .queryForObject("select pg_get_serial_sequence(?, 'id')", String.class, name)));
            args.add(rowsByTable.get(table));
        }
        return reads.query(sql.toString(), args.toArray(), rs -> {
            List<List<Long>> drawn = new ArrayList<>();
            tables.forEach(table -> drawn.add(new ArrayList<>(rowsByTable.get(table))));
            while (rs.next()) {
                drawn.get(rs.getInt("k")).add(rs.getLong("id"));
            }
            Map<String, long[]> ids = new HashMap<>();
            for (int t = 0; t < tables.size(); t++) {
                long[] tableIds = drawn.get(t).stream().mapToLong(Long::longValue).toArray();
                // Drawn one after another, so ascending already; sorted to say so whatever order the rows come back in.
                Arrays.sort(tableIds);
                ids.put(tables.get(t), tableIds);
            }
            return ids;
        });
    }
}
