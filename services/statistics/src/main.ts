import { telemetry } from './instrumentation';
import { runServiceProcess } from '@xinfang/service-kit';
import { createService } from './app';
import { loadStatisticsConfig } from './infrastructure/config';

/** The statistics process: the only place that reads the environment and listens. */
runServiceProcess({
  name: 'statistics',
  telemetry,
  loadConfig: () => loadStatisticsConfig(),
  createService,
});
