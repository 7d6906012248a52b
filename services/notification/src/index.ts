export {
  createService,
  type GrpcRegistration,
  type ServiceDeps,
  type ServiceParts,
  type Worker,
} from './app';
export {
  notificationConfigSchema,
  loadNotificationConfig,
  type NotificationConfig,
} from './infrastructure/config';
export {
  signBody,
  verifySignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DELIVERY_HEADER,
} from './domain/signature';
export { retryDelay, type BackoffPolicy } from './domain/backoff';
export {
  DEFAULT_TEMPLATES,
  TEMPLATE_CODES,
  render,
  renderNotice,
  type NoticeTemplate,
  type TemplateCode,
} from './domain/templates';
export type { PetitionerContact, ContactDirectory, NoticeMedium } from './domain/ports';
export type { DeliveryView } from './application/ReplayDeliveries/ReplayDeliveries';
export type { SubscriptionView } from './application/ManageSubscriptions/ManageSubscriptions';
export type { StaffAlertView } from './application/StaffAlerts/ListStaffAlerts';
