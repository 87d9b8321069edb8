-- Each sharer's sales per calendar month in the shop's time zone (SPEC §9 leaderboards). Order
-- intake and refunds keep it current in their own transaction, so a top-N read walks the head of
-- one index instead of summing a month of orders.
create table sharer_month_sales (
    shop_id      bigint not null,
    month_start  date   not null,
    sharer_id    bigint not null,
    -- what the customers kept: paid minus refunded, of orders attributed to the sharer
    sales_fen    bigint not null,
    -- orders attributed to the sharer that are not refunded in full
    orders       int    not null,
    primary key (shop_id, month_start, sharer_id)
);
create index sharer_month_sales_rank on sharer_month_sales (shop_id, month_start, sales_fen desc, sharer_id);
