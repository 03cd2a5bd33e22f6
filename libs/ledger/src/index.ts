export * from './canonical-json';
export * from './hash-chain';
export * from './ledger';
export * from './ledger.errors';
export * from './ledger-streams';
export * from './verify-ledger';
export * from './catalog-as-of';
export * from './catalog-import';
