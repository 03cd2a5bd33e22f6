// Helpers only tests use.
export * from './read-committed';
