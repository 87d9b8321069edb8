package org.sharerengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's table on the console and its JSON under bench/results (a dated file and latest-&lt;size&gt;.json). */
final class Report {

    private Report() {
    }

    static void print(List<Phase> phases) {
        String header = String.format(Locale.ROOT, "%-58s %9s %9s %8s %8s %9s %8s %7s  %s", "path", "ops/s", "orders/s", "p50 ms",
                "p99 ms", "max ms", "÷ceiling", "errors", "target");
        System.out.println();
        System.out.println(header);
        System.out.println("-".repeat(header.length() + 20));
        for (Phase phase : phases) {
            Measurement m = phase.measurement();
            String target = phase.target() == null ? "" : phase.target() + (phase.pass() == null ? " (not judged)"
                    : phase.pass() ? " PASS" : " MISS");
            if (m == null) {
                String shown = Phase.OK.equals(phase.status()) ? summary(phase.details()) : phase.status();
                System.out.printf(Locale.ROOT, "%-58s %s  %s%n", phase.path(), shown, target);
                continue;
            }
            System.out.printf(Locale.ROOT, "%-58s %9.1f %9s %8.2f %8.2f %9.2f %8s %7s  %s%n", phase.path(), m.opsPerSecond(),
                    phase.ordersPerSecond() == null ? "" : String.format(Locale.ROOT, "%.1f", phase.ordersPerSecond()),
                    m.percentileMs(0.50), m.percentileMs(0.99), m.maxMs(),
                    phase.ceilingRatio() == null ? "" : String.format(Locale.ROOT, "%.2f", phase.ceilingRatio()),
                    m.errorCount() == 0 ? "0" : m.errors().toString(), target);
            if (m.firstError() != null) {
                System.out.println("    first error: " + m.firstError());
            }
            if (phase.details().containsKey("walKbPerOrder")) {
                System.out.printf(Locale.ROOT, "    WAL: %s KB and %s full-page images per order, %s checkpoints in the window%n",
                        phase.details().get("walKbPerOrder"), phase.details().get("fullPageImagesPerOrder"),
                        phase.details().get("checkpoints"));
                System.out.printf(Locale.ROOT, "    buffers: %s pages read from outside shared_buffers and %s written out by sessions per order%n",
                        phase.details().get("pagesReadPerOrder"), phase.details().get("pagesWrittenBySessionsPerOrder"));
            }
        }
        System.out.println();
    }

    private static String summary(Map<String, Object> details) {
        List<String> parts = new ArrayList<>();
        details.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    static Path write(Path directory, String size, Map<String, Object> run, List<Phase> phases) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(run);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Phase phase : phases) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", phase.name());
            row.put("path", phase.path());
            row.put("status", phase.status());
            Measurement m = phase.measurement();
            if (m != null) {
                row.put("ops", m.ops());
                row.put("seconds", m.seconds());
                row.put("opsPerSecond", round(m.opsPerSecond()));
                row.put("ordersPerSecond", phase.ordersPerSecond() == null ? null : round(phase.ordersPerSecond()));
                row.put("p50Ms", round(m.percentileMs(0.50)));
                row.put("p99Ms", round(m.percentileMs(0.99)));
                row.put("maxMs", round(m.maxMs()));
                row.put("ratioToCeiling", phase.ceilingRatio() == null ? null : round(phase.ceilingRatio()));
                row.put("errors", m.errors());
                row.put("firstError", m.firstError());
            }
            row.put("target", phase.target());
            row.put("result", phase.pass() == null ? null : phase.pass() ? "PASS" : "MISS");
            row.putAll(phase.details());
            rows.add(row);
        }
        json.put("phases", rows);
        Files.createDirectories(directory);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dated = directory.resolve(size + "-" + stamp + ".json");
        String text = Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        Files.writeString(dated, text);
        Files.writeString(directory.resolve("latest-" + size + ".json"), text);
        return dated;
    }

    static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }
}
