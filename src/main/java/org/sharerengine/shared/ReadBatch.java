package org.sharerengine.shared;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/**
 * Reads of one transaction that do not depend on each other, sent together: the reading twin of
 * {@link Pipeline}. On PostgreSQL they go as one multi-statement query, one round trip for all of
 * them (the driver sends every statement and waits once), each statement answering its own result
 * set in turn; elsewhere (H2) they run one after another. A read's rows are there once the batch
 * is {@link #send() sent}.
 */
public final class ReadBatch {

    /** The rows a read answers, once its batch is sent. */
    public static final class Rows<T> {

        private List<T> rows;

        public List<T> get() {
            if (rows == null) {
                throw new IllegalStateException("the read's batch was not sent yet");
            }
            return rows;
        }
    }

    private record Read<T>(String sql, Object[] args, RowMapper<T> mapper, Rows<T> rows) {

        void take(ResultSet rs) throws SQLException {
            List<T> taken = new ArrayList<>();
            while (rs.next()) {
                taken.add(mapper.mapRow(rs, taken.size()));
            }
            rows.rows = taken;
        }
    }

    private final JdbcTemplate jdbc;
    private final boolean together;
    private final List<Read<?>> reads = new ArrayList<>();

    ReadBatch(JdbcTemplate jdbc, boolean together) {
        this.jdbc = jdbc;
        this.together = together;
    }

    /** Adds a query with named parameters (arrays stay one parameter, as {@code any(:ids)} wants them). */
    public <T> Rows<T> add(String sql, Map<String, ?> params, RowMapper<T> mapper) {
        MapSqlParameterSource source = new MapSqlParameterSource(params);
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
        Rows<T> rows = new Rows<>();
        reads.add(new Read<>(NamedParameterUtils.substituteNamedParameters(parsed, source),
                NamedParameterUtils.buildValueArray(parsed, source, null), mapper, rows));
        return rows;
    }

    /** Runs the reads added so far, in one round trip on PostgreSQL. */
    public void send() {
        if (reads.isEmpty()) {
            return;
        }
        List<Read<?>> sending = List.copyOf(reads);
        reads.clear();
        if (!together || sending.size() == 1) {
            for (Read<?> read : sending) {
                jdbc.query(read.sql(), (ResultSetExtractor<Void>) rs -> {
                    read.take(rs);
                    return null;
                }, read.args());
            }
            return;
        }
        jdbc.execute(sending.stream().map(Read::sql).collect(Collectors.joining(";\n")), (PreparedStatement statement) -> {
            int index = 1;
            for (Read<?> read : sending) {
                for (Object arg : read.args()) {
                    StatementCreatorUtils.setParameterValue(statement, index++, SqlTypeValue.TYPE_UNKNOWN, arg);
                }
            }
            statement.execute();
            for (Read<?> read : sending) {
                try (ResultSet rs = statement.getResultSet()) {
                    read.take(rs);
                }
                statement.getMoreResults();
            }
            return null;
        });
    }
}
