export * from './decision';
export * from './decide-target-revision';
export * from './decide-attestation';
export * from './decide-catalog-import';
export * from './decide-alert-rule';
