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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two kinds of caller: the platform administrator (HTTP Basic, credentials from configuration)
 * under {@code /api/v1/platform}, and a shop's integrator (API key) everywhere else under
 * {@code /api/v1}. The shop is taken from the key only, never from the request.
 */
@Component
class Authentication extends OncePerRequestFilter {

    private final ApiKeys apiKeys;
    private final byte[] adminCredentials;

    Authentication(ApiKeys apiKeys, @Value("${engine.admin.username}") String username,
            @Value("${engine.admin.password}") String password) {
        this.apiKeys = apiKeys;
        this.adminCredentials = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith("/api/v1/platform")) {
            if (!isAdmin(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sharer-engine platform\"");
                reject(response, "Platform calls need the administrator's HTTP Basic credentials.");
                return;
            }
        } else {
            var shop = apiKeys.authenticate(keyOf(request));
            if (shop.isEmpty()) {
                reject(response, "A valid shop API key is required in the X-Api-Key header (or Authorization: Bearer).");
                return;
            }
            request.setAttribute(ShopId.REQUEST_ATTRIBUTE, shop.get());
            request.setAttribute(Actor.REQUEST_ATTRIBUTE, Actor.integrator(shop.get()));
        }
        chain.doFilter(request, response);
    }

    private static String keyOf(HttpServletRequest request) {
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
