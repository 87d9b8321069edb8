package org.sharerengine.shared;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final boolean drawIds;
    /** Each table's identity sequence, looked up once. */
    private final Map<String, String> sequences = new ConcurrentHashMap<>();

    BatchInserts(NamedParameterJdbcTemplate batch, Database database) {
        this.batch = batch;
        this.drawIds = database.postgres();
    }

    /**
     * Inserts one row per array of values, in the order of {@code typedColumns} (without {@code id};
     * see {@link Pipeline}), and answers the new ids. On PostgreSQL the ids are drawn now and the
     * insert waits in the pipeline, to be sent with the transaction's other writes; elsewhere the
     * rows are inserted now and the database generates the ids.
     */
    public long[] insert(Pipeline pipeline, String table, String typedColumns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new long[0];
        }
        if (!drawIds) {
            return insertNow(Pipeline.insertValues(table, typedColumns), rows);
        }
        long[] ids = draw(table, rows.size());
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

    private long[] draw(String table, int count) {
        String sequence = sequences.computeIfAbsent(table, name -> batch.getJdbcTemplate()
                .queryForObject("select pg_get_serial_sequence(?, 'id')", String.class, name));
        long[] ids = batch.getJdbcTemplate()
                .queryForList("select nextval(cast(? as regclass)) from generate_series(1, ?)", Long.class, sequence, count)
                .stream().mapToLong(Long::longValue).toArray();
        // Drawn one after another, so ascending already; sorted to say so whatever order the rows come back in.
        Arrays.sort(ids);
        return ids;
    }
}
