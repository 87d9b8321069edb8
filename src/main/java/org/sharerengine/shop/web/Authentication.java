package org.sharerengine.shop.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shop.Actor;
import org.sharerengine.shop.ApiKeys;
import org.sharerengine.shop.ConsoleSessions;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Three kinds of caller: the platform administrator (HTTP Basic, credentials from configuration)
 * under {@code /api/v1/platform}; a shop's integrator (API key, acting as the owner); and a console
 * user (owner or manager) with a session token ({@code Authorization: Bearer cs_…}) from
 * {@code POST /api/v1/sessions}, the one shop endpoint open without credentials. The shop and the
 * actor are taken from the key or the session only, never from the request.
 */
@Component
class Authentication extends OncePerRequestFilter {

    static final String LOGIN = "/api/v1/sessions";

    private final ApiKeys apiKeys;
    private final ConsoleSessions sessions;
    private final byte[] adminCredentials;
    private final HandlerExceptionResolver problems;

    /** {@code problems} answers a failure to authenticate (no database connection) as the API answers any failure. */
    Authentication(ApiKeys apiKeys, ConsoleSessions sessions, @Value("${engine.admin.username}") String username,
            @Value("${engine.admin.password}") String password,
            @Qualifier("handlerExceptionResolver") @Lazy HandlerExceptionResolver problems) {
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.problems = problems;
        this.adminCredentials = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/")
                || ("POST".equals(request.getMethod()) && LOGIN.equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean authenticated;
        try {
            authenticated = authenticate(request, response);
        } catch (RuntimeException failure) {
            // Thrown outside any controller, so the API's problem responses must be asked for explicitly.
            if (problems.resolveException(request, response, null, failure) == null) {
                throw failure;
            }
            return;
        }
        if (authenticated) {
            chain.doFilter(request, response);
        }
    }

    /** Sets the request's shop and actor and returns true; or answers 401 and returns false. */
    private boolean authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = keyOf(request);
        if (request.getRequestURI().startsWith("/api/v1/platform")) {
            if (!isAdmin(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sharer-engine platform\"");
                reject(response, "Platform calls need the administrator's HTTP Basic credentials.");
                return false;
            }
        } else if (ConsoleSessions.isSessionToken(key)) {
            var actor = sessions.authenticate(key);
            if (actor.isEmpty()) {
                reject(response, "The console session has expired or was ended; log in again at POST " + LOGIN + ".");
                return false;
            }
            request.setAttribute(ShopId.REQUEST_ATTRIBUTE, actor.get().shop());
            request.setAttribute(Actor.REQUEST_ATTRIBUTE, actor.get());
        } else {
            var shop = apiKeys.authenticate(key);
            if (shop.isEmpty()) {
                reject(response, "A valid shop API key (X-Api-Key header, or Authorization: Bearer) or console session "
                        + "(Authorization: Bearer) is required.");
                return false;
            }
            request.setAttribute(ShopId.REQUEST_ATTRIBUTE, shop.get());
            request.setAttribute(Actor.REQUEST_ATTRIBUTE, Actor.integrator(shop.get()));
        }
        return true;
    }

    static String keyOf(HttpServletRequest request) {
        String key = request.getHeader("X-Api-Key");
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (key == null && authorization != null && authorization.startsWith("Bearer ")) {
            key = authorization.substring(7).strip();
        }
        return key;
    }

    private boolean isAdmin(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        try {
            byte[] given = Base64.getDecoder().decode(authorization.substring(6).strip());
            return MessageDigest.isEqual(given, adminCredentials);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void reject(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(401);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"https://sharer-engine.org/problems/unauthenticated\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"code\":\"unauthenticated\",\"detail\":\"" + detail + "\"}");
    }
}
