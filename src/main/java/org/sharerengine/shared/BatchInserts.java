package org.sharerengine.shared;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Inserts rows in one batch and answers their ids, in the rows' order.
 *
 * <p>The PostgreSQL driver rewrites a batch into multi-row inserts only when it need not return
 * generated keys (pgjdbc issue 3683): asked for the ids, it sends every row as a statement of its
 * own, which made the commission lines of one intake group cost PostgreSQL 47 executions instead of
 * a few. So on PostgreSQL the ids are drawn from the table's identity sequence first, all in one
 * round trip, and the rows go in with them as a rewritten batch. That extra round trip pays from a
 * few rows on, so a smaller batch (a single order and its lines) still has the ids generated. On H2
 * the database generates them, as it always did. Either way every id is the identity's next value,
 * so a row inserted later without one never collides, and one batch's ids ascend in the rows' order.
 */
@Component
public class BatchInserts {

    /** The fewest rows whose ids are drawn first on PostgreSQL. */
    static final int DRAWN_FROM = 8;

    private final NamedParameterJdbcTemplate batch;
    private final boolean drawIds;
    /** Each table's identity sequence, looked up once. */
    private final Map<String, String> sequences = new ConcurrentHashMap<>();

    BatchInserts(NamedParameterJdbcTemplate batch, Database database) {
        this.batch = batch;
        this.drawIds = database.postgres();
    }

    /**
     * Inserts one row per parameter source into {@code table}'s {@code columns} (without {@code id})
     * from {@code values}, named parameters in the same order, and answers the new ids. On
     * PostgreSQL each source is given its row's {@code id}.
     */
    public long[] insert(String table, String columns, String values, MapSqlParameterSource[] rows) {
        if (rows.length == 0) {
            return new long[0];
        }
        if (!drawIds || rows.length < DRAWN_FROM) {
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            batch.batchUpdate("insert into " + table + " (" + columns + ") values (" + values + ")", rows, keys, new String[] {"id"});
            return keys.getKeyList().stream().mapToLong(key -> ((Number) key.get("id")).longValue()).toArray();
        }
        long[] ids = draw(table, rows.length);
        for (int i = 0; i < rows.length; i++) {
            rows[i].addValue("id", ids[i]);
        }
        batch.batchUpdate("insert into " + table + " (id, " + columns + ") values (:id, " + values + ")", rows);
        return ids;
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
