package org.sharerengine.shared;

/**
 * How a read finds one shop's rows whose {@code column} is among a list of keys (an array). PostgreSQL
 * looks {@code column = any(?)} up in the index. H2 uses an index for that only when the column leads
 * the index, and ours lead with the shop, so it read every row of the shop: intake slowed as a shop's
 * orders, shares and bindings piled up (README, Figures). On H2 the keys are therefore joined to the
 * table, and each is looked up. Give distinct keys: on H2 a key given twice finds its rows twice.
 *
 * @param table the table read
 * @param alias the table's name in the read, for the columns it answers ({@code o.*}) and conditions after it
 * @param column the key column
 * @param type the SQL type of a key ({@code bigint}, {@code varchar})
 * @param joined whether the keys are joined to the table (H2) rather than looked up with {@code = any(?)}
 */
public record KeyLookup(String table, String alias, String column, String type, boolean joined) {

    /**
     * The read's {@code from} clause, with the shop and the keys as its two positional parameters, in
     * the order {@link #args} gives them. Further conditions may follow it, each starting with {@code and}.
     */
    public String from() {
        return joined
                ? "from unnest(cast(? as %s array)) asked(v) join %s %s on %3$s.shop_id = ? and %3$s.%s = asked.v"
                        .formatted(type, table, alias, column)
                : "from %s %s where %2$s.shop_id = ? and %2$s.%s = any(?)".formatted(table, alias, column);
    }

    /**
     * What locks the rows read, after {@link #from} and its conditions: in the order of {@code orderBy}
     * on PostgreSQL. H2 locks each row as it scans it, so an order does not order its locks there; and
     * an order by the table's key made it scan the shop's every row in that order. There the rows are
     * locked in the order of the keys given, which callers therefore give sorted, and come unordered.
     */
    public String forUpdate(String orderBy) {
        return joined ? " for update" : " order by " + orderBy + " for update";
    }

    /** The parameters of {@link #from}: the shop and the array of keys, in the order its text asks for them. */
    public Object[] args(Object shop, Object keys) {
        return joined ? new Object[] {keys, shop} : new Object[] {shop, keys};
    }
}
