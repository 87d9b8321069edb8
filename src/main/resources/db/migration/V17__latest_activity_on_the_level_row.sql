-- Each sharer's latest activity (the business time of its last level_activity row) is kept on its
-- level row, written by whoever records activity while holding that row. An intake that locks its
-- sellers' rows reads it there instead of probing the activity of each (a third of the pages the
-- locking read touched on a large shop), and it is as current as the row: a statement that waited
-- for the row sees the activity the transaction it waited for recorded, which a probe of
-- level_activity in the same statement would not.
alter table sharer_level add column latest_activity_at timestamp with time zone;

update sharer_level set latest_activity_at = (
  select max(a.occurred_at) from level_activity a where a.shop_id = sharer_level.shop_id and a.sharer_id = sharer_level.sharer_id)
where exists (select 1 from level_activity a where a.shop_id = sharer_level.shop_id and a.sharer_id = sharer_level.sharer_id);
