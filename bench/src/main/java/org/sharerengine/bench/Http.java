package org.sharerengine.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The application's HTTP API as the bench calls it: JSON in and out, with the shop's key or the administrator's credentials. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

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

    private final HttpClient client;
    private final String baseUrl;
    private final String authorizationName;
    private final String authorizationValue;

    private Http(HttpClient client, String baseUrl, String authorizationName, String authorizationValue) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.authorizationName = authorizationName;
        this.authorizationValue = authorizationValue;
    }

    static Http admin(String baseUrl, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Http(newClient(), baseUrl, "Authorization", "Basic " + basic);
    }

    Http shop(String apiKey) {
        return new Http(client, baseUrl, "X-Api-Key", apiKey);
    }

    Http anonymous() {
        return new Http(client, baseUrl, null, null);
    }

    private static HttpClient newClient() {
        // HTTP/1.1: keep-alive connections, one per concurrent worker, as a shop's integration would hold them.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Response post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    Response put(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(30));
        return authorizationName == null ? builder : builder.header(authorizationName, authorizationValue);
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
