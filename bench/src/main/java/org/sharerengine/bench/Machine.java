package org.sharerengine.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about the machine a run measured, written beside its figures. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> facts(Connection db) throws SQLException {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("date", OffsetDateTime.now().toString());
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            facts.put("totalMemoryMb", os.getTotalMemorySize() / (1024 * 1024));
        }
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        facts.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("select version()")) {
            rs.next();
            facts.put("postgresql", rs.getString(1));
        }
        // The server settings that change what writing costs: caching, checkpoints and the WAL, commits.
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
                select name, current_setting(name) from pg_settings
                where name in ('shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression', 'full_page_writes',
                  'synchronous_commit', 'autovacuum')
                order by name""")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        facts.put("postgresqlSettings", settings);
        return facts;
    }
}
