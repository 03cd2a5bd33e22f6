export * from './audit-chain';
export * from './cached-credentials';
export * from './credential-store.postgres';
export * from './credentials.config';
export * from './credentials.errors';
export * from './stored-credential';
