export * from './calendar';
export * from './clock';
export * from './errors';
export * from './holiday-data';
export * from './ids';
export * from './policy';
export * from './region';
export * from './region-tree';
