package org.sharerengine.shared;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Which database the engine runs on. PostgreSQL is production; H2 is the embedded default. The
 * few batch jobs that must scale to millions of rows take a PostgreSQL-only single-pass form
 * (data-modifying common table expressions), and keep a portable form for H2. On PostgreSQL only,
 * {@link BatchInserts} draws ids from the identity sequences, a {@link Pipeline} keeps writes to send
 * them in one round trip, and wallets and monthly sales move by upsert.
 */
@Component
public class Database {

    private final boolean postgres;

    Database(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            postgres = connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        }
    }

    public boolean postgres() {
        return postgres;
    }

    /** The read of a shop's rows by a list of keys, in the form this database finds in its index. */
    public KeyLookup lookup(String table, String alias, String column, String type) {
        return new KeyLookup(table, alias, column, type, !postgres);
    }
}
