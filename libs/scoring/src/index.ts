export * from './ports/aggregate-reader.port';
