export * from './postgres/postgres.event-store';
export * from './sqlite/sqlite.event-store';
export * from './kurrentdb/kurrentdb.event-store';
export * from './event-store.config';
export * from './postgres/ensure-postgres-database';
export * from './postgres/when-postgres-ready';
export * from './open-ledger-store';
