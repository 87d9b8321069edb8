package org.sharerengine.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Calls the REST API as an integrator would, through MockMvc. */
@TestComponent
public class Api {

    private static final AtomicLong SHOPS = new AtomicLong();

    /**
     * Test shops reuse sharer ids such as "seller" across hundreds of shops (and runs, on a kept
     * PostgreSQL database), which the 50-shops-per-person limit would count as one person; test
     * shops therefore allow the most, and the tests of that limit set their own.
     */
    public static final int TEST_SHOPS_PER_PERSON = 10_000;

    private final MockMvc mvc;
    private final ObjectMapper json;

    Api(MockMvc mvc, ObjectMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    /** A response: status, body as JSON (null when empty) and headers. */
    public record Response(int status, JsonNode body, MvcResult raw) {

        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        public long id() {
            return body.get("id").asLong();
        }

        public JsonNode get(String field) {
            return body.get(field);
        }

        public String header(String name) {
            return raw.getResponse().getHeader(name);
        }
    }

    /** A JSON object from alternating keys and values; values may be null (absent fields). */
    public static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    public static Map<String, Object> line(String lineId, String productId, int quantity, long amountFen) {
        return json("lineId", lineId, "productId", productId, "quantity", quantity, "amountFen", amountFen);
    }

    /** Creates a shop through the platform API, optionally changing settings, and returns a client for it. */
    public Shop newShop(Map<String, ?> settings) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", "Test shop " + SHOPS.incrementAndGet());
        Map<String, Object> withLimit = new java.util.HashMap<>(Map.of("maxShopsPerPerson", TEST_SHOPS_PER_PERSON));
        withLimit.putAll(settings);
        body.put("settings", withLimit);
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        Response created = call(HttpMethod.POST, "/api/v1/platform/shops", body, Map.of("Authorization", admin)).expect(201);
        return new Shop(created.body().get("shop").get("id").asLong(), created.body().get("apiKey").get("key").asString());
    }

    public Shop newShop() {
        return newShop(Map.of());
    }

    public final class Shop {
        public final long id;
        public final String apiKey;

        Shop(long id, String apiKey) {
            this.id = id;
            this.apiKey = apiKey;
        }

        public Response get(String path) {
            return call(HttpMethod.GET, path, null, Map.of("X-Api-Key", apiKey));
        }

        public Response post(String path, Object body) {
            return call(HttpMethod.POST, path, body, Map.of("X-Api-Key", apiKey));
        }

        public Response post(String path, Object body, Map<String, String> headers) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put("X-Api-Key", apiKey);
            return call(HttpMethod.POST, path, body, all);
        }

        public Response put(String path, Object body) {
            return call(HttpMethod.PUT, path, body, Map.of("X-Api-Key", apiKey));
        }

        public Response patch(String path, Object body) {
            return call(HttpMethod.PATCH, path, body, Map.of("X-Api-Key", apiKey));
        }

        public Response delete(String path) {
            return call(HttpMethod.DELETE, path, null, Map.of("X-Api-Key", apiKey));
        }

        /** Adds an active sharer (optionally under a parent) and returns its id. */
        public long sharer(String externalUserId, Long parentId) {
            Map<String, Object> body = new java.util.HashMap<>();
            body.put("externalUserId", externalUserId);
            body.put("parentId", parentId);
            return post("/api/v1/sharers", body).expect(201).id();
        }

        /**
         * Puts a sharer on a level rank by hand, as the owner would (locked, so nothing moves it),
         * under a plain ladder of five permanent levels with no point sources.
         */
        public void level(long sharerId, int rank) {
            List<Object> ladder = new java.util.ArrayList<>();
            for (int r = 1; r <= 5; r++) {
                ladder.add(r == 1 ? json("rank", 1, "name", "L1") : json("rank", r, "name", "L" + r, "entry", json("points", r * 1_000)));
            }
            put("/api/v1/level-programme", json("levels", ladder)).expect(200);
            put("/api/v1/sharers/" + sharerId + "/level", json("rank", rank, "reason", "test setup", "locked", true)).expect(200);
        }

        public void product(String productId, String mode, Long level1, Long level2) {
            Map<String, Object> body = new java.util.HashMap<>();
            body.put("name", "Product " + productId);
            body.put("commissionMode", mode);
            body.put("level1Value", level1);
            body.put("level2Value", level2);
            put("/api/v1/products/" + productId, body).expect(200);
        }

        /** Posts a paid order attributed by the order's own sharer (null: let the binding decide). */
        public Response order(String orderId, String customerId, Long sharerId, String paidAt, Object... lines) {
            return post("/api/v1/orders", json("orderId", orderId, "customerId", customerId, "sharerId", sharerId,
                    "paidAt", paidAt, "lines", java.util.List.of(lines)));
        }

        public Response refund(String orderId, String refundId, String lineId, long amountFen) {
            return post("/api/v1/orders/" + orderId + "/refunds",
                    json("refundId", refundId, "lines", java.util.List.of(json("lineId", lineId, "amountFen", amountFen))));
        }

        public JsonNode wallet(long sharerId) {
            return get("/api/v1/sharers/" + sharerId + "/wallet").expect(200).body();
        }

        /** Asserts the books balance (total zero, every wallet equal to its entries) and returns the audit. */
        public JsonNode assertBooksBalance() {
            JsonNode audit = get("/api/v1/ledger/audit").expect(200).body();
            if (audit.get("totalFen").asLong() != 0 || !audit.get("mismatches").isEmpty()) {
                throw new AssertionError("books do not balance: " + audit);
            }
            return audit;
        }
    }

    public Response callCsv(HttpMethod method, String path, String csv, String apiKey) {
        return callCsv(method, path, csv, Map.of("X-Api-Key", apiKey));
    }

    public Response callCsv(HttpMethod method, String path, String csv, Map<String, String> headers) {
        MockHttpServletRequestBuilder request = request(method, path).contentType("text/csv").content(csv);
        headers.forEach(request::header);
        return perform(request);
    }

    public Response call(HttpMethod method, String path, Object body, Map<String, String> headers) {
        try {
            MockHttpServletRequestBuilder request = request(method, path);
            headers.forEach(request::header);
            if (body instanceof String text) {
                request.contentType(MediaType.APPLICATION_JSON).content(text);
            } else if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
            }
            return perform(request);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private Response perform(MockHttpServletRequestBuilder request) {
        try {
            request.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
            MvcResult result = mvc.perform(request).andReturn();
            String content = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            return new Response(result.getResponse().getStatus(), content.isEmpty() ? null : json.readTree(content), result);
        } catch (Exception e) {
            throw new IllegalStateException("request failed", e);
        }
    }
}
