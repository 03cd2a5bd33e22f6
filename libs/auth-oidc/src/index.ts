export * from './auth-config';
export * from './authenticator';
export * from './jwt-verifier';
export * from './access.guard';
export * from './declared-routes';
