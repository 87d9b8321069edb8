-- PostgreSQL only (db/vendor/postgresql): H2 runs triggers as Java classes, which a tool opening the
-- embedded file without the application could not load.
--
-- Intake keeps a shop's product library, boosts, commission templates and level programme in
-- memory for the shop's programme version (V12), and the application raises that version in every
-- change it makes to them. A change made beside the application (by hand in SQL, by a script or an
-- import) did not, so every instance went on pricing by the rates it kept: an order could be paid
-- at a rate the merchant had already changed. Now any insert, update or delete of a row of these
-- tables raises the version of the row's shop in the same transaction.
--
-- Before each row: a new row is inserted after its shop row is locked, in the order the
-- application's own changes take (Shops.programmeChanged). An update or a delete has locked its
-- row before any row trigger runs, so a change by hand and one through the API of the same row at
-- the same moment can wait on each other; PostgreSQL then rolls one back whole (the API answers 503
-- "busy", to be sent again). The application's changes, which already raised the version, raise it
-- once more per row: versions only need to differ, and a programme change writes a few rows at most.
--
-- The row's shop before and after the change: an insert has no old row and a delete no new one
-- (null there, which matches no shop), and a row moved to another shop changes both programmes.
create function programme_changed() returns trigger language plpgsql as $$
begin
    update shop set programme_version = programme_version + 1 where id in (old.shop_id, new.shop_id);
    return coalesce(new, old);
end
$$;

do $$
declare
    programme_table text;
begin
    foreach programme_table in array array['product', 'boost', 'commission_template', 'commission_template_rate',
            'commission_template_tier', 'level_programme', 'level_definition'] loop
        execute format('create trigger %I before insert or update or delete on %I for each row execute function programme_changed()',
            programme_table || '_programme_changed', programme_table);
    end loop;
end
$$;
