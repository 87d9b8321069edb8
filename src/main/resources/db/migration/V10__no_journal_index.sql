-- No query of the engine looks ledger entries up by journal: they are read by sharer (the wallet's
-- statement), and a journal's entries are written together, one after the other. The index on
-- (shop_id, journal_id) was paid for by every entry written (about six per order) and used by
-- nothing, so it goes. An audit of one journal starts from a sharer's entries (indexed) or from the
-- reference its entries carry (the commission line, refund or withdrawal), and reads its neighbours by id.
drop index if exists ledger_entry_journal;
