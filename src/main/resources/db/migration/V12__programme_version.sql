-- The version of a shop's programme: its settings, product library, boosts and level programme.
-- Every change to any of them adds one to it in the change's own transaction (Shops), so intake,
-- which reads the shop row for its settings anyway, can keep the library, the boosts and the level
-- programme in memory and know when they are no longer what the database holds, on any instance.
alter table shop add column programme_version bigint default 0 not null;
