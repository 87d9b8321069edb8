package org.sharerengine.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A running application called over real HTTP as an integrator would, wherever it runs. */
abstract class Endpoint implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    private final URI base;

    Endpoint(URI base) {
        this.base = base;
    }

    record Reply(int status, JsonNode body) {

        Reply expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    /** Sends a request as the platform administrator ({@code apiKey} null) or as a shop's integrator. */
    CompletableFuture<Reply> send(String method, String path, String apiKey, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.header(apiKey == null ? "Authorization" : "X-Api-Key", apiKey == null ? ADMIN : apiKey);
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response ->
                new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body())));
    }

    Reply call(String method, String path, String apiKey, Object body) {
        return send(method, path, apiKey, body).join();
    }
}
