-- The figures of each sharer's current level period, kept as activity is recorded (SPEC §5).
-- The level job judges a period on these columns instead of summing its activity when it ends,
-- and the upgrade check after each order reads them instead of re-summing the period so far.
alter table sharer_level add column points bigint default 0 not null;
alter table sharer_level add column sales_fen bigint default 0 not null;
alter table sharer_level add column orders bigint default 0 not null;
alter table sharer_level add column recruits bigint default 0 not null;
alter table sharer_level add column customers bigint default 0 not null;
alter table sharer_level add column team_members bigint default 0 not null;

-- What each current period holds so far: the activity dated inside it, less what opened it.
update sharer_level set (points, sales_fen, orders, recruits, customers, team_members) = (
  select coalesce(sum(a.points), 0), coalesce(sum(a.sales_fen), 0), coalesce(sum(a.orders), 0), coalesce(sum(a.recruits), 0),
    coalesce(sum(a.customers), 0), coalesce(sum(a.team_members), 0)
  from level_activity a where a.shop_id = sharer_level.shop_id and a.sharer_id = sharer_level.sharer_id
    and a.occurred_at >= sharer_level.period_start
    and (sharer_level.period_end is null or a.occurred_at < sharer_level.period_end)
    and not (a.occurred_at = sharer_level.period_start and a.id <= coalesce(sharer_level.opening_activity_id, 0)))
where exists (select 1 from level_activity a where a.shop_id = sharer_level.shop_id and a.sharer_id = sharer_level.sharer_id);
