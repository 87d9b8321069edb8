package org.sharerengine.shared;

import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every failure into an RFC 9457 problem with a stable {@code code} and the fields to blame. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        return respond(problem.status(), problem.code(), problem.getMessage(), problem.fields());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(HttpStatus.BAD_REQUEST, "invalid_parameter", "Parameter '" + e.getName() + "' has an invalid value.",
                Map.of(e.getName(), "has an invalid value"));
    }

    /** A unique key hit that no service anticipated: still the caller's duplicate, never a 500. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        log.info("Duplicate key reported as 409: {}", e.getMostSpecificCause().getMessage());
        return respond(HttpStatus.CONFLICT, "duplicate", "A record with the same identifier already exists.", Map.of());
    }

    /**
     * The database broke a lock cycle (deadlock) or a lock wait timed out: the transaction was
     * rolled back whole, and every write of the API is idempotent, so the caller sends it again.
     */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> lockFailure(PessimisticLockingFailureException e) {
        log.warn("Lock conflict reported as 503: {}", e.getMostSpecificCause().getMessage());
        return retryLater("busy", "Concurrent requests were writing the same records; nothing was changed. Send the same request again.");
    }

    /**
     * No database connection could be had within the pool's wait: every one was busy (a load beyond
     * what the pool serves) or the database could not be reached. Nothing ran, so nothing changed;
     * it is a moment's trouble on our side that the same request sent again may not meet.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, CannotGetJdbcConnectionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("No database connection, reported as 503: {}", e.getMessage());
        return retryLater("database_unavailable", "No database connection was free in time; nothing was changed. Send the same request again.");
    }

    /**
     * The database connection broke while the request ran: PostgreSQL restarted, or ended the
     * session. Broken before the commit, nothing was stored; during it, the outcome is unknown. Every
     * write of the API is idempotent, so the same request sent again is stored once either way.
     */
    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<ProblemDetail> connectionLost(DataAccessResourceFailureException e) {
        return answerConnectionLost(e);
    }

    /**
     * A commit or a rollback that failed: when it failed because the connection was gone (the rollback
     * after a statement's failure finds it closed), the request lost its connection; otherwise it is
     * unexpected.
     */
    @ExceptionHandler(TransactionSystemException.class)
    ResponseEntity<ProblemDetail> transactionFailed(TransactionSystemException e) {
        return lostConnection(e) || lostConnection(e.getApplicationException()) ? answerConnectionLost(e) : unexpected(e);
    }

    private static ResponseEntity<ProblemDetail> answerConnectionLost(Exception e) {
        log.warn("Database connection lost, reported as 503: {}", e.getMessage());
        return retryLater("database_connection_lost", "The database connection was lost while the request ran, so it may not "
                + "have been stored. Send the same request again: one stored already is answered as it was, never stored twice.");
    }

    /** Whether a failure or one of its causes is a broken connection (SQL state class 08) or an ended session (57P). */
    private static boolean lostConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> retryLater(String code, String detail) {
        ResponseEntity<ProblemDetail> unavailable = respond(HttpStatus.SERVICE_UNAVAILABLE, code, detail, Map.of());
        return ResponseEntity.status(unavailable.getStatusCode()).headers(unavailable.getHeaders()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(unavailable.getBody());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        e.getBindingResult().getFieldErrors().forEach(f -> fields.putIfAbsent(f.getField(), f.getDefaultMessage()));
        e.getBindingResult().getGlobalErrors().forEach(g -> fields.putIfAbsent(g.getObjectName(), g.getDefaultMessage()));
        return widen(respond(HttpStatus.BAD_REQUEST, "validation_failed", describe(fields), fields));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err ->
                fields.putIfAbsent(r.getMethodParameter().getParameterName(), err.getDefaultMessage())));
        return widen(respond(HttpStatus.BAD_REQUEST, "validation_failed", describe(fields), fields));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return widen(respond(HttpStatus.BAD_REQUEST, "malformed_request",
                "The request body is not valid JSON for this endpoint: " + firstLine(e.getMostSpecificCause().getMessage()), Map.of()));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
            problem.setProperty("code", HttpStatus.valueOf(statusCode.value()).name().toLowerCase());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side; nothing was changed.", Map.of());
    }

    static ResponseEntity<ProblemDetail> respond(HttpStatus status, String code, String detail, Map<String, String> fields) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://sharer-engine.org/problems/" + code.replace('_', '-')));
        problem.setProperty("code", code);
        if (!fields.isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            fields.forEach((field, message) -> errors.add(Map.of("field", field, "message", String.valueOf(message))));
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String describe(Map<String, String> fields) {
        StringBuilder text = new StringBuilder("The request has invalid fields:");
        fields.forEach((f, m) -> text.append(' ').append(f).append(" ").append(m).append(';'));
        return text.substring(0, text.length() - 1) + ".";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> widen(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}
