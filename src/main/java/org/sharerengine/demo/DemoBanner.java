package org.sharerengine.demo;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.sharerengine.commission.Commissions;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.network.Sharer;
import org.sharerengine.network.SharerStatus;
import org.sharerengine.network.Sharers;
import org.sharerengine.shop.ApiKeys;
import org.sharerengine.shop.Shop;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The start-up banner of the demo: where to click, which key and login to use, and a few ids
 * worth looking at. Everything in it is read back from the engine, so it is the same on the
 * start that seeded the shop and on every later one.
 */
@Component
class DemoBanner {

    /** The shipped default password; any other is the operator's secret and stays out of the log. */
    private static final String DEFAULT_ADMIN_PASSWORD = "admin";
    private static final String RULE = "=".repeat(100);

    private final Sharers sharers;
    private final Ledger ledger;
    private final Commissions commissions;
    private final ApiKeys apiKeys;
    private final Environment environment;
    private final String adminUsername;
    private final String adminPassword;

    DemoBanner(Sharers sharers, Ledger ledger, Commissions commissions, ApiKeys apiKeys, Environment environment,
            @Value("${engine.admin.username}") String adminUsername, @Value("${engine.admin.password}") String adminPassword) {
        this.sharers = sharers;
        this.ledger = ledger;
        this.commissions = commissions;
        this.apiKeys = apiKeys;
        this.environment = environment;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
    }

    String render(Shop shop, String history) {
        String base = "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String key = DemoSeed.apiKey(shop.id());
        boolean keyValid = apiKeys.authenticate(key).filter(shop.id()::equals).isPresent();
        String curl = "curl -H 'X-Api-Key: " + key + "' ";
        StringBuilder text = new StringBuilder("\n").append(RULE).append('\n')
                .append("  Demo shop \"").append(shop.name()).append("\" (shop ").append(shop.id().value()).append(")\n")
                .append("  ").append(history).append('\n')
                .append("  Swagger UI      ").append(base).append("/swagger-ui.html\n")
                .append("  Shop API key    ").append(keyValid ? key + "   (header X-Api-Key; revoke it before the shop goes public)"
                        : "the demo key " + key + " has been revoked; issue a new one as platform admin").append('\n')
                .append("  Platform admin  ").append(adminUsername).append(" / ")
                .append(DEFAULT_ADMIN_PASSWORD.equals(adminPassword) ? adminPassword : "(the password set in ENGINE_ADMIN_PASSWORD)")
                .append("   (HTTP Basic on ").append(base).append("/api/v1/platform/shops)\n")
                .append("  Console logins  owner ").append(DemoProgramme.OWNER_LOGIN).append(" / ").append(DemoProgramme.OWNER_PASSWORD)
                .append(", store manager ").append(DemoProgramme.MANAGER_LOGIN).append(" / ").append(DemoProgramme.MANAGER_PASSWORD)
                .append("   (POST ").append(base).append("/api/v1/sessions)\n");
        Ledger.Audit audit = ledger.audit(shop.id());
        text.append("  Books           ").append(audit.balanced() ? "balanced" : "NOT BALANCED " + audit.mismatches())
                .append(": ").append(audit.byAccount()).append(" fen\n");
        if (keyValid) {
            text.append("  Try\n")
                    .append("    ").append(curl).append("'").append(base).append("/api/v1/sharers?limit=3'\n");
            richestSharer(shop).ifPresent(sharer -> {
                long available = ledger.balance(shop.id(), sharer.id()).availableFen();
                text.append("    ").append(curl).append(base).append("/api/v1/sharers/").append(sharer.id().value())
                        .append("/wallet      ").append(sharer.name()).append(": ").append(yuan(available)).append(" available\n");
                commissions.ofBeneficiary(shop.id(), sharer.id(), Long.MAX_VALUE, 1).stream().findFirst().ifPresent(line ->
                        text.append("    ").append(curl).append(base).append("/api/v1/commission-lines/").append(line.id())
                                .append("   (explains itself)\n")
                                .append("    ").append(curl).append(base).append("/api/v1/orders/").append(line.orderId()).append('\n'));
            });
            text.append("    ").append(curl).append(base).append("/api/v1/ledger/audit\n");
        }
        return text.append(RULE).toString();
    }

    /** The active sharer with the most money to withdraw: the most interesting wallet to open first. */
    private Optional<Sharer> richestSharer(Shop shop) {
        return activeSharers(shop).max(Comparator.comparingLong(s -> ledger.balance(shop.id(), s.id()).availableFen()))
                .filter(s -> ledger.balance(shop.id(), s.id()).availableFen() > 0);
    }

    private Stream<Sharer> activeSharers(Shop shop) {
        Stream.Builder<Sharer> all = Stream.builder();
        long after = 0;
        List<Sharer> page;
        do {
            page = sharers.list(shop.id(), SharerStatus.ACTIVE, after, 1000);
            page.forEach(all::add);
            after = page.isEmpty() ? after : page.getLast().id().value();
        } while (page.size() == 1000);
        return all.build();
    }

    static String yuan(long fen) {
        return String.format("¥%s%,d.%02d", fen < 0 ? "-" : "", Math.abs(fen) / 100, Math.abs(fen) % 100);
    }
}
