package org.sharerengine.support;

import java.util.Map;
import org.springframework.http.HttpMethod;

/**
 * Logs in as a console user (owner or manager) and calls the API with the session token, as the
 * admin console would. Built in a test from the {@link Api}.
 */
public final class Console {

    private final Api api;

    public Console(Api api) {
        this.api = api;
    }

    /** POST /api/v1/sessions as it is sent, for tests of refused logins. */
    public Api.Response login(long shopId, String username, String password) {
        return api.call(HttpMethod.POST, "/api/v1/sessions",
                Api.json("shopId", shopId, "username", username, "password", password), Map.of());
    }

    /** Logs in (201 expected) and returns a client that sends the session token. */
    public Session session(Api.Shop shop, String username, String password) {
        Api.Response login = login(shop.id, username, password).expect(201);
        return new Session(login.get("token").asString());
    }

    public final class Session {
        public final String token;

        Session(String token) {
            this.token = token;
        }

        private Map<String, String> auth() {
            return Map.of("Authorization", "Bearer " + token);
        }

        public Api.Response get(String path) {
            return api.call(HttpMethod.GET, path, null, auth());
        }

        public Api.Response post(String path, Object body) {
            return api.call(HttpMethod.POST, path, body, auth());
        }

        public Api.Response put(String path, Object body) {
            return api.call(HttpMethod.PUT, path, body, auth());
        }

        public Api.Response patch(String path, Object body) {
            return api.call(HttpMethod.PATCH, path, body, auth());
        }

        public Api.Response delete(String path) {
            return api.call(HttpMethod.DELETE, path, null, auth());
        }

        public Api.Response postCsv(String path, String csv) {
            return api.callCsv(HttpMethod.POST, path, csv, auth());
        }
    }
}
