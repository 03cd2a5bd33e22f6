export * from './alert-inputs';
export * from './judge-condition';
export * from './evaluate-alerts';
export * from './projector-watermark';
