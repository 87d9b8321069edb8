package org.sharerengine.commission;

/**
 * Another kind of commission-like line that settles with commission (the team bonus): the
 * settlement run settles every kind the same way, on the same schedule and with the same
 * {@code asOf}, in its own batches. The table needs the columns of {@code commission_line} that
 * settlement uses: shop_id, id, status, settle_after, settled_at, amount_fen.
 *
 * @param table             the lines' table (a constant of the module that owns it, never input)
 * @param beneficiaryColumn the column naming the sharer whose pending money becomes available
 * @param referencePrefix   the prefix of each settlement journal's reference, followed by the line id
 */
public record SettleableLines(String table, String beneficiaryColumn, String referencePrefix) {

    static final SettleableLines COMMISSION = new SettleableLines("commission_line", "beneficiary_id", "commission-line");
}
