export * from './ledger-metadata.schema';
export * from './ledger-events.schema';
export * from './signed-heads.schema';
export * from './alert-events.schema';
