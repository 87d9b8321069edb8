package org.sharerengine.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's HTTP API as the bench calls it: JSON in and out, with the shop's key or the
 * administrator's credentials, over HTTP/1.1 keep-alive connections, one per concurrent worker, as
 * a shop's integration would hold them.
 *
 * <p>The load generator shares two cores with the application and the database, so what it spends
 * per request is taken from what it measures. HttpCore's blocking connection, driven directly (send
 * the request, parse the status and headers, read the body by its length or chunks), skips what the
 * full HttpClient adds on top of it: its execution chain, request interceptors, URI parsing,
 * connection pool leases and character decoding. Against one warm application, alternated four
 * times, HttpClient on virtual threads took 0.14-0.17 ms of CPU per single order and drove 1,309
 * orders/s on average; this, on platform threads ({@link LoadGenerator}), 0.06-0.09 ms and 1,400
 * orders/s (the JDK's client had taken 1.1 ms). So the requests are built here with the few headers
 * the application needs, and the connections are kept in a plain deque.
 */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** The level run and a large bulk request may take minutes; the phases time every answer themselves. */
    private static final Timeout SOCKET_TIMEOUT = Timeout.ofMinutes(30);

    record Response(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        Response expect(int wanted) {
            if (status != wanted) {
                throw new IllegalStateException("expected HTTP " + wanted + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    /**
     * A keep-alive connection put back after its exchange, and when: the server closes connections
     * that stay idle past its keep-alive timeout (Tomcat's is 60 s; the single setup requests of a
     * later phase come after that long), so one idle longer than {@link #CHECK_AFTER_IDLE_NANOS} is
     * checked before it carries a request, as HttpClient's pool does.
     */
    private record Idle(DefaultBHttpClientConnection connection, long since) {
    }

    private static final long CHECK_AFTER_IDLE_NANOS = 1_000_000_000L;

    /** The application's address and the idle keep-alive connections to it, shared by every {@link Http} of one run. */
    private static final class Server {
        final InetSocketAddress address;
        final String authority;
        final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
        final HttpRequestExecutor executor = new HttpRequestExecutor();

        Server(URI base) {
            this.address = new InetSocketAddress(base.getHost(), base.getPort());
            this.authority = base.getHost() + ":" + base.getPort();
        }

        DefaultBHttpClientConnection connection() throws IOException {
            for (Idle kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
                if (System.nanoTime() - kept.since() < CHECK_AFTER_IDLE_NANOS || !kept.connection().isStale()) {
                    return kept.connection();
                }
                kept.connection().close(CloseMode.IMMEDIATE);
            }
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, CONNECT_TIMEOUT_MS);
            DefaultBHttpClientConnection connection = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
            connection.bind(socket);
            connection.setSocketTimeout(SOCKET_TIMEOUT);
            return connection;
        }
    }

    private final Server server;
    private final String authorizationName;
    private final String authorizationValue;

    private Http(Server server, String authorizationName, String authorizationValue) {
        this.server = server;
        this.authorizationName = authorizationName;
        this.authorizationValue = authorizationValue;
    }

    static Http admin(String baseUrl, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Http(new Server(URI.create(baseUrl)), "Authorization", "Basic " + basic);
    }

    Http shop(String apiKey) {
        return new Http(server, "X-Api-Key", apiKey);
    }

    Http anonymous() {
        return new Http(server, null, null);
    }

    Response get(String path) throws IOException {
        return send(new BasicClassicHttpRequest("GET", path), null);
    }

    Response post(String path, Object body) throws IOException {
        return send(new BasicClassicHttpRequest("POST", path), body);
    }

    Response put(String path, Object body) throws IOException {
        return send(new BasicClassicHttpRequest("PUT", path), body);
    }

    private Response send(ClassicHttpRequest request, Object body) throws IOException {
        request.setHeader("Host", server.authority);
        if (authorizationName != null) {
            request.setHeader(authorizationName, authorizationValue);
        }
        if (body != null) {
            byte[] json = JSON.writeValueAsBytes(body);
            // What HttpClient's request interceptors would add: the entity's length and type.
            request.setHeader("Content-Length", Integer.toString(json.length));
            request.setHeader("Content-Type", ContentType.APPLICATION_JSON.toString());
            request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        }
        DefaultBHttpClientConnection connection = server.connection();
        boolean reusable = false;
        try {
            HttpCoreContext context = HttpCoreContext.create();
            ClassicHttpResponse response = server.executor.execute(request, connection, context);
            // Read to the end, so that the connection is ready for the next request.
            byte[] answer = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            reusable = server.executor.keepAlive(request, response, connection, context);
            return new Response(response.getCode(), new String(answer, StandardCharsets.UTF_8));
        } catch (HttpException malformed) {
            throw new IOException("malformed HTTP exchange: " + malformed.getMessage(), malformed);
        } finally {
            if (reusable) {
                server.idle.addFirst(new Idle(connection, System.nanoTime()));
            } else {
                connection.close(CloseMode.IMMEDIATE);
            }
        }
    }
}
