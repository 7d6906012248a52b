import { CASE_EVENTS_DLT, CASE_EVENTS_TOPIC } from '@xinfang/contracts';
import {
  commonServiceConfig,
  durationMs,
  int,
  loadConfig,
  optionalUrl,
  serviceDefaults,
  text,
  type Env,
} from '@xinfang/config';
import { z } from 'zod';

/** Every environment variable notification reads (one key each; see the service README). */
export const notificationConfigSchema = z.object({
  ...commonServiceConfig,
  ...serviceDefaults({ name: 'notification', httpPort: 8106, grpcPort: 9106 }),
  CASE_EVENTS_TOPIC: text().default(CASE_EVENTS_TOPIC),
  CASE_EVENTS_DLT: text().default(CASE_EVENTS_DLT),
  /** Consumer group of the case-event consumer. */
  NOTIFICATION_CONSUMER_GROUP: text().default('notification'),
  /** SMS provider endpoint: notices are POSTed to it as JSON. SMS is off when unset. */
  SMS_PROVIDER_URL: optionalUrl(),
  /** Bearer token for the SMS provider, if it needs one. */
  SMS_PROVIDER_TOKEN: text().optional(),
  /** SMTP server for email notices, e.g. `smtp://mail.example.gov.cn:587`. Email is off when unset. */
  SMTP_URL: optionalUrl({ protocols: ['smtp', 'smtps'] }),
  /** Sender address of email notices. */
  SMTP_FROM: text().default('xinfang-notice@localhost'),
  /** A TrueType/TTC font with CJK glyphs for printed letters; readiness fails when missing. */
  FONT_CJK_PATH: text().default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  /** Font inside a .ttc collection (its PostScript name); ignored for single-font files. */
  FONT_CJK_NAME: text().default('WenQuanYiMicroHei'),
  /** IntakeService address for petitioners' phone numbers; unset uses only contacts on file. */
  INTAKE_GRPC_ADDRESS: text().optional(),
  /** Wait between passes of the delivery dispatcher when nothing was due. */
  DELIVERY_POLL_INTERVAL: durationMs(500),
  /** Attempts before a delivery is dead-lettered. */
  DELIVERY_MAX_ATTEMPTS: int({ min: 1, max: 100, default: 12 }),
  /** Delay before the first retry; doubled per attempt up to DELIVERY_BACKOFF_MAX. */
  DELIVERY_BACKOFF_BASE: durationMs(2_000),
  DELIVERY_BACKOFF_MAX: durationMs(3_600_000),
  /** Deliveries attempted at once (different subscriptions/cases). */
  DELIVERY_CONCURRENCY: int({ min: 1, max: 64, default: 8 }),
  /** Time allowed for one webhook, SMS or SMTP call. */
  DELIVERY_TIMEOUT: durationMs(5_000),
});

export type NotificationConfig = z.output<typeof notificationConfigSchema>;

/** Reads and checks notification's configuration; fails naming every bad variable. */
export function loadNotificationConfig(env: Env = process.env): NotificationConfig {
  return loadConfig(notificationConfigSchema, env);
}
