package org.sharerengine.shop.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.sharerengine.shop.Actor;
import org.sharerengine.shop.ConsoleSessions;
import org.sharerengine.shop.ConsoleUsers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Console users and sessions", description = "Owners (店长) and managers (导购管理员) log in to the console")
class SessionController {

    private final ConsoleSessions sessions;
    private final ConsoleUsers users;

    SessionController(ConsoleSessions sessions, ConsoleUsers users) {
        this.sessions = sessions;
        this.users = users;
    }

    record Login(Long shopId, String username, String password) {
    }

    record NewOwner(String username, String password) {
    }

    @PostMapping("/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Log in with username and password; the token goes in `Authorization: Bearer <token>`. "
            + "401 invalid_credentials for an unknown user or a wrong password alike")
    ConsoleSessions.Session login(@RequestBody Login login) {
        return sessions.login(login.shopId(), login.username(), login.password());
    }

    @DeleteMapping("/sessions/current")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Log out: the session token stops working at once")
    void logout(HttpServletRequest request) {
        sessions.end(Authentication.keyOf(request));
    }

    @PostMapping("/console-users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an owner console user (owner only); managers are created with POST /api/v1/managers")
    ConsoleUsers.ConsoleUser createOwner(Actor actor, @RequestBody NewOwner body) {
        return users.create(actor.requireOwner().shop(), body.username(), body.password(), Actor.Role.OWNER, null);
    }

    @GetMapping("/console-users")
    @Operation(summary = "The shop's console users, owners and managers (owner only)")
    List<ConsoleUsers.ConsoleUser> list(Actor actor) {
        return users.list(actor.requireOwner().shop());
    }
}
