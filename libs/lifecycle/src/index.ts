// Service lifecycle: health ports, draining on SIGTERM, the root module's shutdown hook, starting a Kafka consumer service.
export * from './health-server';
export * from './shutdown-state';
export * from './refuse-while-draining';
export * from './health.http.controller';
export * from './releases-on-shutdown';
export * from './consumer-service';
export * from './logging';
