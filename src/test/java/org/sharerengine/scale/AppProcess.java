package org.sharerengine.scale;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sharerengine.App;

/**
 * The application in a process of its own, started as {@code bin/run} would start it (the
 * suite's classes, no test profile), so that a test can kill it as the operating system would.
 */
final class AppProcess extends Endpoint {

    private final Process process;

    private AppProcess(int port, Process process) {
        super(URI.create("http://127.0.0.1:" + port));
        this.process = process;
    }

    /** Starts the application with these arguments on a free port, and returns once it answers; its output goes to {@code log}. */
    static AppProcess start(Path log, List<String> arguments) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                App.class.getName(), "--server.port=" + port));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        AppProcess app = new AppProcess(port, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!app.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the application did not start; see " + log);
            }
            Thread.sleep(200);
        }
        return app;
    }

    private boolean answers() {
        try {
            return send("GET", "/actuator/health", null, null).get(2, TimeUnit.SECONDS).status() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** Kills the process at once, as {@code kill -9} does: no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
