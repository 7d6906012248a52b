export * from './logger';
export * from './sdk';
export * from './trace-context';
