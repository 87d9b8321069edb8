-- A tier step (阶梯佣金) needs a sharer's month so far before each order. Counting the month's
-- orders made every order of a busy sharer (a live stream's host) read all the sharer's earlier
-- orders of the month again. The monthly rollup answers it instead, minus the few orders of the
-- month paid after the one being priced (they arrive out of order), once the rollup proves that
-- its row holds exactly the month's orders: these columns are that proof. V14 fills them in.

-- The month whose rollup row counts an attributed order, in the shop's time zone when the order
-- came in: a refund takes its amount back from that row even after the shop changed its zone.
alter table shop_order add column sales_month date;

-- The earliest and latest payment of the orders ever counted in the row (refunds never narrow it);
-- null when unknown, for a row a refund created: such a row is never trusted for a month so far.
alter table sharer_month_sales add column paid_from timestamp with time zone;
alter table sharer_month_sales add column paid_until timestamp with time zone;
-- The row's orders that the customer kept anything of: `orders` also counts orders of 0 fen, which
-- a tier step does not.
alter table sharer_month_sales add column kept_orders int;
