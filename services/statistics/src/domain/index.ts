export * from './case-view';
export * from './events';
export * from './kpi';
export * from './period';
export * from './ports';
export * from './search';
export * from './timeline';
