export * from './load-config';
export * from './env-fields';
export * from './production';
export * from './composition';
export * from './lifecycle-config';
