export * from './usage-event.schema';
export * from './topics';
export * from './event-verdict';
export * from './published-schemas';
export * from './aggregates-changed.schema';
export * from './kpi-catalog.schema';
export * from './kpi-catalog-attestation.schema';
export * from './ledger';
