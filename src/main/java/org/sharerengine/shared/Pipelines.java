package org.sharerengine.shared;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Opens a {@link Pipeline} for the writes of one transaction, and {@link Reads} for its reads that
 * do not depend on one another; both defer on PostgreSQL only.
 */
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

    public Reads reads() {
        return new Reads(jdbc, deferred);
    }
}
