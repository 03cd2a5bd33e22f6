export * from './auth-error';
export * from './bearer-token';
export * from './decide-access';
export * from './static-tokens';
export * from './principal-from-claims';
export * from './access-matrix-table';
export * from './address-key';
export * from './failed-auth-budget';
