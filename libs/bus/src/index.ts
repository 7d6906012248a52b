export * from './envelope';
export * from './kafka';
export * from './outbox';
export * from './relay';
export * from './consumer';
export * from './apply-once';
export type { Logger } from '@xinfang/store';
