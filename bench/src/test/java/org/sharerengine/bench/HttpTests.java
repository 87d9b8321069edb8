package org.sharerengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpTests {

    /**
     * A server that, like Tomcat past its keep-alive timeout, closes a connection it has answered
     * while the client still keeps it as reusable. The bench's first request of a phase after a long
     * phase went out on such a connection and failed with NoHttpResponseException.
     */
    @Test
    void aConnectionTheServerClosedWhileIdleIsNotUsedAgain() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0)) {
            // Ends when the server socket closes at the end of the test.
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        connections.incrementAndGet();
                        answerOneRequest(socket);
                        // Keep-alive was promised; the server closes anyway, as after its idle timeout.
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            Http http = Http.admin("http://127.0.0.1:" + server.getLocalPort(), "u", "p");

            assertEquals(200, http.post("/first", Map.of("n", 1)).status());
            Thread.sleep(1_200); // longer than Http's idle time before a kept connection is checked
            assertEquals(200, http.post("/second", Map.of("n", 2)).status());

            assertEquals(2, connections.get(), "the second request went out on a new connection");
        }
    }

    private static void answerOneRequest(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.skip(length);
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
