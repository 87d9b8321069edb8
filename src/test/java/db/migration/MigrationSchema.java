package db.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.sharerengine.support.TestDatabase;

/**
 * A schema of its own for a test of one migration on data an earlier version left: on H2 in memory,
 * or in the suite's PostgreSQL database in the PostgreSQL pass. Cleaned before it is migrated.
 */
final class MigrationSchema {

    private final String name;
    private final String url;
    private final String user;
    private final String password;
    private final FluentConfiguration flyway;

    MigrationSchema(String name) {
        this.name = name;
        this.url = TestDatabase.postgres() ? TestDatabase.postgresUrl()
                : "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        this.user = TestDatabase.postgres() ? TestDatabase.postgresUser() : "sa";
        this.password = TestDatabase.postgres() ? TestDatabase.postgresPassword() : "";
        String vendor = TestDatabase.postgres() ? "postgresql" : "h2";
        this.flyway = Flyway.configure().dataSource(url, user, password).schemas(name).cleanDisabled(false)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor);
        flyway.load().clean();
    }

    /** Work on the schema's connection. */
    interface Work {
        void on(Statement sql) throws SQLException;
    }

    void migrateTo(String version) {
        flyway.target(version).load().migrate();
    }

    /** Migrates to {@code version}, puts {@link #shop} in place and leaves data of that version with {@code work}. */
    void at(String version, Work work) throws SQLException {
        migrateTo(version);
        on(sql -> {
            shop(sql);
            work.on(sql);
        });
    }

    /** Does {@code work} on a connection of its own. */
    void on(Work work) throws SQLException {
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            work.on(sql);
        }
    }

    void clean() {
        flyway.load().clean();
    }

    private Connection connect() throws SQLException {
        Connection db = DriverManager.getConnection(url, user, password);
        db.setSchema(name);
        return db;
    }

    /** A shop with id 1 in Asia/Shanghai, as V1 and later leave its columns. */
    private static void shop(Statement sql) throws SQLException {
        sql.execute("""
                insert into shop (id, name, time_zone, programme_mode, recruitment_open, approval_required, commission_depth,
                    level1_rate_bp, level2_rate_bp, level3_rate_bp, self_purchase_commission, binding_protection,
                    settlement_trigger, settlement_delay_days, withdrawal_threshold_fen, withdrawal_fee_bp, created_at)
                values (1, 'Shop', 'Asia/Shanghai', 'OPEN', true, false, 2, 600, 100, 0, false, 'LOCKED', 'COMPLETION', 7, 100, 0,
                    timestamp with time zone '2026-01-01 00:00:00+00')""");
    }

    /**
     * The insert of a level fact worth 10 points (its other figures 0), dated and recorded at {@code at}
     * (UTC, {@code yyyy-MM-dd HH:mm:ss}); {@code order} null for a fact that names none.
     */
    static String levelFact(long shop, long sharer, String kind, String reference, Long order, String at) {
        return """
                insert into level_activity (shop_id, sharer_id, kind, reference, order_id, points, sales_fen, orders, recruits,
                    customers, team_members, occurred_at, created_at)
                values (%d, %d, '%s', '%s', %s, 10, 0, 0, 0, 0, 0, timestamp with time zone '%s+00', timestamp with time zone '%s+00')"""
                .formatted(shop, sharer, kind, reference, order, at, at);
    }

    /** Each row's columns joined by spaces; instants at UTC. */
    static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    Object value = rs.getObject(c);
                    columns.add(value instanceof Timestamp || value instanceof OffsetDateTime
                            ? rs.getObject(c, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toString()
                            : String.valueOf(value));
                }
                rows.add(String.join(" ", columns));
            }
        }
        return rows;
    }
}
