export * from '../postgres/postgres-test-database';
