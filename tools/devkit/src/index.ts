export * from './free-port';
export * from './http';
export * from './pipeline';
export * from './service-process';
export * from './usage-event.factory';
export * from './private-kafka';
export * from './topic-watcher';
