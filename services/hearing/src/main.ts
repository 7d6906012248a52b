import { telemetry } from './instrumentation';
import { runServiceProcess } from '@xinfang/service-kit';
import { createService } from './app';
import { loadHearingConfig } from './infrastructure/config';

/** The hearing process: the only place that reads the environment and listens. */
runServiceProcess({
  name: 'hearing',
  telemetry,
  loadConfig: () => loadHearingConfig(),
  createService,
});
