export * from './alert-rules-as-of';
export * from './alert-board';
