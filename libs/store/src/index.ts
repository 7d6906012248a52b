export * from './logger';
export * from './connection';
export * from './canonical';
export * from './scope';
export * from './tenancy';
export * from './audit';
export * from './document-locks';
