export * from './heads-keys';
export * from './signed-heads';
export * from './signed-heads-collection';
