-- The level job moves every due row's period on; with period_end indexed, PostgreSQL had to add a
-- new entry to that index for each of them (and could not update the row in place, "HOT"). The
-- job now finds due rows by reading the shop's level rows, which costs far less than that at a
-- million rows; single sharers are always found by primary key.
drop index if exists sharer_level_due;
