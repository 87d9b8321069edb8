-- PostgreSQL only (db/vendor/postgresql): H2 has no partial indexes and no fill factor.
--
-- Most of what a single order costs the database is its rows' index entries: on the large
-- benchmark, executing an intake group's writes took 9.2 ms of the 13.1 ms PostgreSQL spent on a
-- group, more than a quarter of it the commission lines (README, Benchmarks), and an order wrote
-- about 38.5 entries. Each index changed below made every intake write an entry that no read needed
-- in that form; 28.7 are left, and every uniqueness is kept.

-- A commission line is unique per order line and depth, and read by its order: the lines of an
-- order (its detail; completion making them settleable) and those of a refund's order lines. Two
-- indexes served that, (shop_id, order_line_id, depth) for the uniqueness and (shop_id, order_id)
-- for the reads. An order line belongs to one order, so the uniqueness holds just as well on
-- (shop_id, order_id, order_line_id, depth), and that one index serves every read by order, and by
-- order line where the read names the order too (a refund does). Building it locks the table
-- against writes while it reads it. (H2 keeps both: given the wider index alone, it read
-- the shop's every line to find one order's, where PostgreSQL looks up the index's first columns.)
create unique index commission_line_order_line on commission_line (shop_id, order_id, order_line_id, depth);
alter table commission_line drop constraint commission_line_shop_id_order_line_id_depth_key;
drop index commission_line_order;

-- Settlement looks for pending lines due by now (status PENDING, settle_after <= as of). A line is
-- written with no settle_after (it is set when the order completes) and leaves PENDING once settled
-- or reversed, so the lines it may find are the pending ones with a date: only they are indexed. The
-- index stays as small as what is waiting to settle, instead of growing with every line ever paid.
drop index commission_line_due;
create index commission_line_due on commission_line (shop_id, settle_after) where status = 'PENDING' and settle_after is not null;

-- Ledger entries are read by sharer (a wallet's statement, the audit of the wallets). The shop's own
-- legs (one per commission line at least) carry no sharer and were indexed under a null nobody asks for.
drop index ledger_entry_sharer;
create index ledger_entry_sharer on ledger_entry (shop_id, sharer_id, id) where sharer_id is not null;

-- A level fact counts once: unique per (sharer, kind, reference). A sale (reference: its order) and
-- a refund (reference: the refund, of one order) name their order, and the facts of an order are
-- read by it (a refund takes back what the sale counted); the others (customers, recruits, team
-- members, grants) name none. So the uniqueness is kept by two indexes where there were two plus the
-- one for the reads: the facts of an order unique in the index that reads them by order, the others
-- in one that holds only them. A sale, the fact an intake writes, pays for three entries, not four.
create unique index level_activity_order_fact on level_activity (shop_id, order_id, sharer_id, kind, reference);
create unique index level_activity_fact on level_activity (shop_id, sharer_id, kind, reference) where order_id is null;
alter table level_activity drop constraint level_activity_shop_id_sharer_id_kind_reference_key;
drop index level_activity_order;
