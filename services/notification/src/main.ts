import { telemetry } from './instrumentation';
import { runServiceProcess } from '@xinfang/service-kit';
import { createService } from './app';
import { loadNotificationConfig } from './infrastructure/config';

/** The notification process: the only place that reads the environment and listens. */
runServiceProcess({
  name: 'notification',
  telemetry,
  loadConfig: () => loadNotificationConfig(),
  createService,
});
