export * from './ledger-metadata.schema';
export * from './ledger-events.schema';
