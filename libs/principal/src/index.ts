export * from './roles';
export * from './principal';
export * from './context';
