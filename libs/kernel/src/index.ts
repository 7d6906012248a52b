export * from './errors';
export * from './region';
