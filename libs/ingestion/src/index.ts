export * from './assess-batch';
