package org.sharerengine.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A caller's mistake, reported as an RFC 9457 problem with a stable machine {@code code}
 * and, where one field is to blame, the field and the rule it broke.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, String> fields;

    public ApiProblem(HttpStatus status, String code, String detail, Map<String, String> fields) {
        super(detail);
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(fields);
    }

    /** Unknown id, or an id of another shop: the two are indistinguishable on purpose. */
    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, what + "_not_found", "No " + what + " " + id + " in this shop.", Map.of());
    }

    public static ApiProblem invalid(String field, String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(field, message);
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_" + snake(field), field + ": " + message, fields);
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, code, detail, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> fields() {
        return fields;
    }

    private static String snake(String field) {
        return field.replaceAll("\\[\\d+]", "").replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toLowerCase();
    }
}
