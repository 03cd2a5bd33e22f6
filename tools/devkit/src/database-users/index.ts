export * from './database-users';
export * from './clickhouse-users';
export * from './postgres-roles';
export * from './provision-database-users';
