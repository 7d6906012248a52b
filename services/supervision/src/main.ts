import { telemetry } from './instrumentation';
import { runServiceProcess } from '@xinfang/service-kit';
import { createService } from './app';
import { loadSupervisionConfig } from './infrastructure/config';

/** The supervision process: the only place that reads the environment and listens. */
runServiceProcess({
  name: 'supervision',
  telemetry,
  loadConfig: () => loadSupervisionConfig(),
  createService,
});
