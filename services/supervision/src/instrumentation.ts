// Imported first by main.ts: OpenTelemetry must patch http and gRPC before they are loaded.
import { startTelemetry } from '@xinfang/telemetry';

export const telemetry = startTelemetry({ serviceName: 'supervision' });
