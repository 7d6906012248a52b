import { telemetry } from './instrumentation';
import { runServiceProcess } from '@xinfang/service-kit';
import { createService } from './app';
import { loadRoutingConfig } from './infrastructure/config';

/** The routing process: the only place that reads the environment and listens. */
runServiceProcess({
  name: 'routing',
  telemetry,
  loadConfig: () => loadRoutingConfig(),
  createService,
});
