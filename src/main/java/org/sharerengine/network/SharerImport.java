package org.sharerengine.network;

import jakarta.validation.Validator;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shop.Actor;
import org.sharerengine.shop.ProgrammeSettings;
import org.sharerengine.shop.Shops;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Bulk import of sharers from CSV with a report per row. By default the file is all or nothing:
 * one bad row imports nothing, so an operator fixes the file and sends it again without
 * having to work out which half landed. A file that would exceed a limit (sharers per manager,
 * shops per person) imports nothing even when partial: a half-imported group is what the limits
 * exist to prevent. A manager's rows go into its own group, with one of its templates.
 */
@Service
public class SharerImport {

    static final int MAX_ROWS = 10_000;
    private static final Set<String> COLUMNS = Set.of("externalUserId", "name", "phone", "type", "parentExternalUserId", "inviteCode",
            "templateId", "groupId");

    private final Sharers sharers;
    private final ManagerGroups groups;
    private final Shops shops;
    private final Validator validator;

    SharerImport(Sharers sharers, ManagerGroups groups, Shops shops, Validator validator) {
        this.sharers = sharers;
        this.groups = groups;
        this.shops = shops;
        this.validator = validator;
    }

    public record RowResult(int row, String externalUserId, String outcome, Long sharerId, String error) {
    }

    public record Report(boolean imported, int rows, int succeeded, int failed, List<RowResult> results) {
    }

    @Transactional
    public Report importCsv(Actor actor, Reader csv, boolean partial) {
        List<CSVRecord> records = parse(csv);
        // What is the same for every row is read once, not once per row.
        ProgrammeSettings settings = shops.settings(actor.shop());
        UnaryOperator<NewSharer> place = groups.placement(actor);
        List<RowResult> results = new ArrayList<>();
        int failed = 0;
        for (CSVRecord record : records) {
            int row = (int) record.getRecordNumber() + 1;
            Map<String, String> cells = record.toMap();
            String ext = cells.getOrDefault("externalUserId", "");
            try {
                NewSharer request = new NewSharer(ext, emptyToNull(cells.get("name")), emptyToNull(cells.get("phone")),
                        type(cells.get("type")), null, emptyToNull(cells.get("parentExternalUserId")),
                        emptyToNull(cells.get("inviteCode")), id("templateId", cells.get("templateId")),
                        id("groupId", cells.get("groupId")));
                validate(request);
                Sharer added = sharers.add(actor.shop(), settings, place.apply(request));
                results.add(new RowResult(row, ext, "ADDED", added.id().value(), null));
            } catch (ApiProblem problem) {
                if (problem.code().startsWith("limit_")) {
                    throw new ApiProblem(problem.status(), problem.code(),
                            "Row " + row + ": " + problem.getMessage() + " Nothing was imported.", Map.of("row", String.valueOf(row)));
                }
                failed++;
                results.add(new RowResult(row, ext, "FAILED", null, problem.getMessage()));
            }
        }
        boolean imported = failed == 0 || partial;
        if (!imported) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            results.replaceAll(r -> r.error() == null ? new RowResult(r.row(), r.externalUserId(), "NOT_IMPORTED", null, null) : r);
        }
        int succeeded = imported ? records.size() - failed : 0;
        return new Report(imported, records.size(), succeeded, failed, results);
    }

    private static List<CSVRecord> parse(Reader csv) {
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(csv)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains("externalUserId")) {
                throw ApiProblem.invalid("file", "the header row must name the column externalUserId (optional: " + COLUMNS + ")");
            }
            for (String column : header) {
                if (!COLUMNS.contains(column)) {
                    throw ApiProblem.invalid("file", "unknown column '" + column + "'; known columns are " + COLUMNS);
                }
            }
            List<CSVRecord> records = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (records.size() == MAX_ROWS) {
                    throw ApiProblem.invalid("file", "has more than " + MAX_ROWS + " rows; split it");
                }
                records.add(record);
            }
            if (records.isEmpty()) {
                throw ApiProblem.invalid("file", "has no rows below the header");
            }
            return records;
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw ApiProblem.invalid("file", "is not readable CSV: " + e.getMessage());
        }
    }

    /** A row obeys the same rules as a sharer added through the API (NewSharer's constraints). */
    private void validate(NewSharer request) {
        validator.validate(request).stream().min(Comparator.comparing(v -> v.getPropertyPath().toString())).ifPresent(v -> {
            throw ApiProblem.invalid(v.getPropertyPath().toString(), v.getMessage());
        });
    }

    private static Integer type(String cell) {
        if (cell == null || cell.isBlank()) {
            return 0;
        }
        return switch (cell.strip()) {
            case "0" -> 0;
            case "1" -> 1;
            default -> throw ApiProblem.invalid("type", "must be 0 (ordinary sharer) or 1 (shop sharer)");
        };
    }

    private static Long id(String field, String cell) {
        if (cell == null || cell.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(cell.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, "must be a number");
        }
    }

    private static String emptyToNull(String cell) {
        return cell == null || cell.isBlank() ? null : cell;
    }
}
