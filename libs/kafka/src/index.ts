export * from './kafka-config';
export * from './create-kafka';
export * from './kafka-errors';
export * from './topic-bootstrap';
export * from './usage-event.publisher';
export * from './dead-letter';
export * from './raw-intake.relay';
export * from './nest/kafka-batch.transport';
