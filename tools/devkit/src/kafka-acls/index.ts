export * from './kafka-acl-table';
export * from './kafka-acl-bindings';
export * from './kafka-acl-markdown';
export * from './secured-topics';
export * from './apply-kafka-acls';
