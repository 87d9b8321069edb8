package org.sharerengine.shared;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Opens a {@link Pipeline} for the writes of one transaction; it defers them on PostgreSQL only. */
@Component
public class Pipelines {

    private final JdbcTemplate jdbc;
    private final boolean deferred;

    Pipelines(JdbcTemplate jdbc, Database database) {
        this.jdbc = jdbc;
        this.deferred = database.postgres();
    }

    public Pipeline open() {
        return new Pipeline(jdbc, deferred);
    }
}
