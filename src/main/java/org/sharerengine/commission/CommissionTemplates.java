package org.sharerengine.commission;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shared.ProgrammeCache;
import org.sharerengine.shared.ShopId;
import org.sharerengine.shared.Timestamps;
import org.sharerengine.shop.Shops;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's commission templates (提成模版, SPEC §4). Only the owner writes them (the web
 * adapter checks); an edit changes the lines computed from then on, never a line already made.
 */
@Service
public class CommissionTemplates {

    static final int MAX_RANK = 100;
    static final int MAX_RUNGS = 100;
    static final int MAX_TIERS = 20;
    /** ¥10,000,000,000,000 of sales or as many orders: no month reaches it, and no sum overflows. */
    static final long MAX_THRESHOLD = 1_000_000_000_000_000L;

    /** Templates kept for intake in all shops together, found or not. */
    private static final int KEPT_TEMPLATES = 10_000;

    /** A template id of a shop, found or not. */
    private record Kept(ShopId shop, long id) {
    }

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Shops shops;
    private final Clock clock;
    /** At its shop's programme version: the template, or empty when the id names none. */
    private final ProgrammeCache<Kept, Optional<CommissionTemplate>> kept = new ProgrammeCache<>(KEPT_TEMPLATES, template -> 1);

    CommissionTemplates(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Shops shops, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.shops = shops;
        this.clock = clock;
    }

    /** A template as written by the owner; depths 2 and 3 may be left out and then pay nothing. */
    public record TemplateTerms(String name, List<RateTerms> rates, List<TierTerms> tiers) {
    }

    public record RateTerms(Integer levelRank, Integer depth1RateBp, Integer depth2RateBp, Integer depth3RateBp) {
    }

    public record TierTerms(TierMetric metric, Long threshold, Integer rateBp) {
    }

    public record Created(CommissionTemplate template, boolean replayed) {
    }

    /**
     * Creates a template. The name is the template's natural key: sending the same template again
     * returns the stored one; the same name with other rates or tiers is a conflict.
     */
    @Transactional
    public Created create(ShopId shop, TemplateTerms terms) {
        Valid valid = validate(terms);
        Optional<CommissionTemplate> known = findByName(shop, valid.name());
        if (known.isPresent()) {
            if (valid.sameAs(known.get())) {
                return new Created(known.get(), true);
            }
            throw nameTaken(valid.name());
        }
        shops.programmeChanged(shop);
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.sql("insert into commission_template (shop_id, name, created_at, updated_at) values (:shop, :name, :now, :now)")
                    .param("shop", shop.value()).param("name", valid.name()).param("now", Timestamps.utc(now))
                    .update(key, "id");
        } catch (DuplicateKeyException raced) {
            throw nameTaken(valid.name());
        }
        long id = key.getKey().longValue();
        insertLadder(shop, id, valid);
        return new Created(get(shop, id), false);
    }

    /** Replaces a template's name, rates and tiers. */
    @Transactional
    public CommissionTemplate update(ShopId shop, long id, TemplateTerms terms) {
        lock(shop, id);
        // Intake keeps templates for the programme version: the next order prices by this edit on every instance.
        shops.programmeChanged(shop);
        Valid valid = validate(terms);
        findByName(shop, valid.name()).filter(other -> other.id() != id).ifPresent(other -> {
            throw nameTaken(valid.name());
        });
        try {
            jdbc.sql("update commission_template set name = :name, updated_at = :now where shop_id = :shop and id = :id")
                    .param("name", valid.name()).param("now", Timestamps.utc(clock.instant()))
                    .param("shop", shop.value()).param("id", id).update();
        } catch (DuplicateKeyException raced) {
            throw nameTaken(valid.name());
        }
        jdbc.sql("delete from commission_template_rate where shop_id = :shop and template_id = :id")
                .param("shop", shop.value()).param("id", id).update();
        jdbc.sql("delete from commission_template_tier where shop_id = :shop and template_id = :id")
                .param("shop", shop.value()).param("id", id).update();
        insertLadder(shop, id, valid);
        return get(shop, id);
    }

    public CommissionTemplate get(ShopId shop, long id) {
        return Optional.ofNullable(byIds(shop, List.of(id)).get(id))
                .orElseThrow(() -> ApiProblem.notFound("commission_template", id));
    }

    public List<CommissionTemplate> list(ShopId shop) {
        List<Long> ids = jdbc.sql("select id from commission_template where shop_id = :shop order by id")
                .param("shop", shop.value()).query(Long.class).list();
        Map<Long, CommissionTemplate> all = byIds(shop, ids);
        return ids.stream().map(all::get).toList();
    }

    /**
     * As {@link #byIds(ShopId, Collection)}, for a reader that saw the shop's programme at
     * {@code programmeVersion}: templates already read at that version, found or not, come from
     * memory (see {@link ProgrammeCache}); only the others are read. Intake read them three
     * statements at a time for every intake with a seller on a template.
     */
    Map<Long, CommissionTemplate> byIds(ShopId shop, long programmeVersion, Collection<Long> ids) {
        Map<Kept, CommissionTemplate> found = ProgrammeCache.found(kept, ids.stream().distinct().map(id -> new Kept(shop, id)).toList(),
                programmeVersion, unknown -> byIds(shop, unknown.stream().map(Kept::id).toList()).values().stream()
                        .collect(Collectors.toMap(template -> new Kept(shop, template.id()), template -> template)));
        return found.values().stream().collect(Collectors.toMap(CommissionTemplate::id, template -> template));
    }

    /** The templates among {@code ids}, each read with its rates and tiers in three queries in all. */
    Map<Long, CommissionTemplate> byIds(ShopId shop, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Long[] wanted = new HashSet<>(ids).toArray(Long[]::new);
        Map<Long, List<CommissionTemplate.Rate>> rates = new LinkedHashMap<>();
        jdbc.sql("""
                select * from commission_template_rate where shop_id = :shop and template_id = any(:ids)
                order by template_id, level_rank""")
                .param("shop", shop.value()).param("ids", wanted)
                .query((rs, n) -> rates.computeIfAbsent(rs.getLong("template_id"), k -> new ArrayList<>())
                        .add(new CommissionTemplate.Rate(rs.getInt("level_rank"), rs.getInt("depth1_rate_bp"),
                                rs.getInt("depth2_rate_bp"), rs.getInt("depth3_rate_bp"))))
                .list();
        Map<Long, List<CommissionTemplate.TierStep>> tiers = new LinkedHashMap<>();
        jdbc.sql("""
                select * from commission_template_tier where shop_id = :shop and template_id = any(:ids)
                order by template_id, metric, threshold""")
                .param("shop", shop.value()).param("ids", wanted)
                .query((rs, n) -> tiers.computeIfAbsent(rs.getLong("template_id"), k -> new ArrayList<>())
                        .add(new CommissionTemplate.TierStep(TierMetric.valueOf(rs.getString("metric")), rs.getLong("threshold"),
                                rs.getInt("rate_bp"))))
                .list();
        return jdbc.sql("select * from commission_template where shop_id = :shop and id = any(:ids)")
                .param("shop", shop.value()).param("ids", wanted)
                .query((rs, n) -> new CommissionTemplate(rs.getLong("id"), rs.getString("name"),
                        List.copyOf(rates.getOrDefault(rs.getLong("id"), List.of())),
                        List.copyOf(tiers.getOrDefault(rs.getLong("id"), List.of())),
                        Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at")))
                .list().stream().collect(Collectors.toMap(CommissionTemplate::id, Function.identity()));
    }

    private Optional<CommissionTemplate> findByName(ShopId shop, String name) {
        return jdbc.sql("select id from commission_template where shop_id = :shop and name = :name")
                .param("shop", shop.value()).param("name", name).query(Long.class).optional()
                .map(id -> get(shop, id));
    }

    private void lock(ShopId shop, long id) {
        jdbc.sql("select id from commission_template where shop_id = :shop and id = :id for update")
                .param("shop", shop.value()).param("id", id).query(Long.class).optional()
                .orElseThrow(() -> ApiProblem.notFound("commission_template", id));
    }

    private void insertLadder(ShopId shop, long id, Valid valid) {
        batch.batchUpdate("""
                insert into commission_template_rate (shop_id, template_id, level_rank, depth1_rate_bp, depth2_rate_bp, depth3_rate_bp)
                values (:shop, :template, :rank, :d1, :d2, :d3)""",
                valid.rates().stream().map(r -> new MapSqlParameterSource().addValue("shop", shop.value()).addValue("template", id)
                        .addValue("rank", r.levelRank()).addValue("d1", r.depth1RateBp()).addValue("d2", r.depth2RateBp())
                        .addValue("d3", r.depth3RateBp())).toArray(MapSqlParameterSource[]::new));
        batch.batchUpdate("""
                insert into commission_template_tier (shop_id, template_id, metric, threshold, rate_bp)
                values (:shop, :template, :metric, :threshold, :rate)""",
                valid.tiers().stream().map(t -> new MapSqlParameterSource().addValue("shop", shop.value()).addValue("template", id)
                        .addValue("metric", t.metric().name()).addValue("threshold", t.threshold()).addValue("rate", t.rateBp()))
                        .toArray(MapSqlParameterSource[]::new));
    }

    private static ApiProblem nameTaken(String name) {
        return ApiProblem.conflict("template_name_taken", "Another commission template of this shop is already named '" + name
                + "'; template names are unique in a shop.");
    }

    /** Terms after validation, in the order they are stored and read back. */
    record Valid(String name, List<CommissionTemplate.Rate> rates, List<CommissionTemplate.TierStep> tiers) {

        boolean sameAs(CommissionTemplate stored) {
            return rates.equals(stored.rates()) && tiers.equals(stored.tiers());
        }
    }

    static Valid validate(TemplateTerms terms) {
        if (terms == null) {
            throw ApiProblem.invalid("name", "is required");
        }
        String name = terms.name() == null ? "" : terms.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw ApiProblem.invalid("name", "must be 1 to 100 characters");
        }
        if (terms.rates() == null || terms.rates().isEmpty() || terms.rates().size() > MAX_RUNGS) {
            throw ApiProblem.invalid("rates", "must list 1 to " + MAX_RUNGS + " level ranks, rank 1 among them");
        }
        List<CommissionTemplate.Rate> rates = new ArrayList<>();
        Set<Integer> ranks = new HashSet<>();
        for (int i = 0; i < terms.rates().size(); i++) {
            RateTerms rate = terms.rates().get(i);
            String field = "rates[" + i + "]";
            if (rate == null || rate.levelRank() == null || rate.levelRank() < 1 || rate.levelRank() > MAX_RANK) {
                throw ApiProblem.invalid(field + ".levelRank", "must be a level rank from 1 to " + MAX_RANK);
            }
            if (!ranks.add(rate.levelRank())) {
                throw ApiProblem.invalid(field + ".levelRank", "names level rank " + rate.levelRank() + " twice");
            }
            if (rate.depth1RateBp() == null) {
                throw ApiProblem.invalid(field + ".depth1RateBp", "is required (0 to 10000 basis points)");
            }
            rates.add(new CommissionTemplate.Rate(rate.levelRank(), basisPoints(field + ".depth1RateBp", rate.depth1RateBp()),
                    basisPoints(field + ".depth2RateBp", rate.depth2RateBp()), basisPoints(field + ".depth3RateBp", rate.depth3RateBp())));
        }
        if (!ranks.contains(1)) {
            throw ApiProblem.invalid("rates", "must include level rank 1, the rate of every sharer below the next rung");
        }
        rates.sort(Comparator.comparingInt(CommissionTemplate.Rate::levelRank));
        List<TierTerms> given = terms.tiers() == null ? List.of() : terms.tiers();
        if (given.size() > MAX_TIERS) {
            throw ApiProblem.invalid("tiers", "must list at most " + MAX_TIERS + " steps");
        }
        List<CommissionTemplate.TierStep> tiers = new ArrayList<>();
        Set<String> steps = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            TierTerms tier = given.get(i);
            String field = "tiers[" + i + "]";
            if (tier == null || tier.metric() == null) {
                throw ApiProblem.invalid(field + ".metric", "must be ORDERS (orders this month) or SALES (fen sold this month)");
            }
            if (tier.threshold() == null || tier.threshold() < 1 || tier.threshold() > MAX_THRESHOLD) {
                throw ApiProblem.invalid(field + ".threshold", "must be 1 to " + MAX_THRESHOLD
                        + " (orders, or fen of sales, already counted this month)");
            }
            if (tier.rateBp() == null) {
                throw ApiProblem.invalid(field + ".rateBp", "is required (0 to 10000 basis points)");
            }
            if (!steps.add(tier.metric() + ":" + tier.threshold())) {
                throw ApiProblem.invalid(field + ".threshold", "repeats the " + tier.metric() + " step at " + tier.threshold());
            }
            tiers.add(new CommissionTemplate.TierStep(tier.metric(), tier.threshold(), basisPoints(field + ".rateBp", tier.rateBp())));
        }
        tiers.sort(Comparator.comparing(CommissionTemplate.TierStep::metric).thenComparingLong(CommissionTemplate.TierStep::threshold));
        return new Valid(name, List.copyOf(rates), List.copyOf(tiers));
    }

    /** A rate in basis points; an absent depth-2 or depth-3 rate pays nothing at that depth. */
    private static int basisPoints(String field, Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > 10_000) {
            throw ApiProblem.invalid(field, "must be 0 to 10000 basis points");
        }
        return value;
    }
}
