export { createService, ROUTING_EVENT_SOURCE } from './app';
export type { GrpcRegistration, ServiceDeps, ServiceParts, Worker } from './app';
export { loadRoutingConfig, routingConfigSchema } from './infrastructure/config';
export type { RoutingConfig } from './infrastructure/config';
export { encodeRoutingEvent } from './infrastructure/events/case-event-payloads';
export type { EncodedCaseEvent } from './infrastructure/events/case-event-payloads';
export * from './domain';
