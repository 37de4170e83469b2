// Loaded first by main.ts: OpenTelemetry must patch http and pg before anything requires them.
import { startTracing } from '@lt/observability';

startTracing('intake');
