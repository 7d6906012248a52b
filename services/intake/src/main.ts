import { telemetry } from './instrumentation';
import { runServiceProcess } from '@xinfang/service-kit';
import { createService } from './app';
import { loadIntakeConfig } from './infrastructure/config';

/** The intake process: the only place that reads the environment and listens. */
runServiceProcess({
  name: 'intake',
  telemetry,
  loadConfig: () => loadIntakeConfig(),
  createService,
});
