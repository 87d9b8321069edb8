-- A sharer's commission lines are listed newest first, a page at a time (id < before, order by id
-- desc). The index on the beneficiary ended in created_at, which nothing orders by, so a page read
-- every line of the beneficiary and sorted them, or walked the shop's lines backwards by primary key
-- past everyone else's (H2 did the latter: 1,944 rows for a page of 20 in a shop of 660 orders).
-- Ending it in id, each page reads only its own rows, as the ledger entries' index already does.
drop index commission_line_beneficiary;
create index commission_line_beneficiary on commission_line (shop_id, beneficiary_id, id);
