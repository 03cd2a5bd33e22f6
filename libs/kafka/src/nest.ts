// Nest glue, apart from the root entry so that tools and the CLI never load @nestjs/*.
export * from './nest/kafka-batch.transport';
export * from './nest/keep-rpc-errors.filter';
