-- SlowMigrationIntegrationTests: a migration that takes longer than the test's idle-in-transaction timeout.
select pg_sleep(2.5);
