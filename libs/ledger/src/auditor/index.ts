export * from './catalog-id-of';
export * from './catalog-in-force';
export * from './catalog-history';
export * from './score-from-ledger';
export * from './verification-answer';
