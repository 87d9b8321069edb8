package org.sharerengine.shared;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/**
 * Reads of one transaction that do not depend on one another, sent together. On PostgreSQL they
 * are kept until the first of their answers is asked for, and then go as one multi-statement query:
 * one round trip for all of them, as {@link Pipeline} does for writes. Elsewhere (H2) each read
 * runs at once. Each read's text should be the same whatever the number of values (arrays, not
 * {@code in} lists), so that the joined text is prepared on the server once.
 *
 * <p>A read is positional ({@code ?}); its answer is what its extractor makes of its rows. What an
 * answer is worked into ({@link Answer#then}) is worked out as soon as the answer comes, so that a
 * read's side effects (rows held, say) never wait for someone to ask.
 */
public final class Reads {

    /** A read's answer, there once the reads are sent; asking for it sends them. */
    public static final class Answer<T> {

        private final Reads reads;
        private final List<Runnable> then = new ArrayList<>();
        private T value;
        private boolean answered;

        private Answer(Reads reads) {
            this.reads = reads;
        }

        public T get() {
            if (!answered) {
                reads.send();
            }
            if (!answered) {
                throw new IllegalStateException("the read was sent and not answered");
            }
            return value;
        }

        /** This answer worked into another, once, as soon as it comes. */
        public <R> Answer<R> then(Function<? super T, ? extends R> work) {
            Answer<R> next = new Answer<>(reads);
            Runnable step = () -> next.answer(work.apply(value));
            if (answered) {
                step.run();
            } else {
                then.add(step);
            }
            return next;
        }

        private void answer(T answer) {
            value = answer;
            answered = true;
            List<Runnable> steps = List.copyOf(then);
            then.clear();
            runEvery(steps);
        }
    }

    /** An answer known without reading. */
    public static <T> Answer<T> answered(T value) {
        Answer<T> answer = new Answer<>(null);
        answer.answer(value);
        return answer;
    }

    private record Kept(String sql, Object[] args, ResultSetExtractor<?> extractor, Answer<Object> answer) {
    }

    private final JdbcTemplate jdbc;
    private final boolean deferred;
    private final List<Kept> kept = new ArrayList<>();

    Reads(JdbcTemplate jdbc, boolean deferred) {
        this.jdbc = jdbc;
        this.deferred = deferred;
    }

    /** A read, kept to be sent with the others on PostgreSQL, run now elsewhere. */
    @SuppressWarnings("unchecked")
    public <T> Answer<T> query(String sql, Object[] args, ResultSetExtractor<T> extractor) {
        Answer<T> answer = new Answer<>(this);
        if (deferred) {
            kept.add(new Kept(sql, args.clone(), extractor, (Answer<Object>) answer));
        } else {
            answer.answer(jdbc.query(sql, extractor, args));
        }
        return answer;
    }

    /** A read whose answer is its rows, each mapped by {@code mapper}. */
    public <T> Answer<List<T>> rows(String sql, Object[] args, RowMapper<T> mapper) {
        return query(sql, args, new RowMapperResultSetExtractor<>(mapper));
    }

    /** Sends the reads kept, in one round trip, and answers each; nothing when none is kept. */
    public void send() {
        if (kept.isEmpty()) {
            return;
        }
        List<Kept> sending = List.copyOf(kept);
        kept.clear();
        List<Object> answers = new ArrayList<>(sending.size());
        jdbc.execute(sending.stream().map(Kept::sql).collect(Collectors.joining(";\n")), (PreparedStatement statement) -> {
            int index = 1;
            for (Kept read : sending) {
                for (Object arg : read.args()) {
                    StatementCreatorUtils.setParameterValue(statement, index++, SqlTypeValue.TYPE_UNKNOWN, arg);
                }
            }
            boolean rows = statement.execute();
            for (Kept read : sending) {
                if (!rows) {
                    throw new IllegalStateException("a read answered no rows: " + read.sql());
                }
                try (ResultSet results = statement.getResultSet()) {
                    answers.add(read.extractor().extractData(results));
                }
                rows = statement.getMoreResults();
            }
            return null;
        });
        // Answered after the round trip, so that what the answers are worked into may read again.
        List<Runnable> answering = new ArrayList<>(sending.size());
        for (int r = 0; r < sending.size(); r++) {
            Answer<Object> answer = sending.get(r).answer();
            Object value = answers.get(r);
            answering.add(() -> answer.answer(value));
        }
        runEvery(answering);
    }

    /**
     * Runs every step even when one throws (working an answer into another may: a shop not found,
     * say), so that no other answer is left unanswered; then throws the first problem, with the
     * others suppressed in it.
     */
    private static void runEvery(List<Runnable> steps) {
        RuntimeException failed = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException problem) {
                if (failed == null) {
                    failed = problem;
                } else {
                    failed.addSuppressed(problem);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
