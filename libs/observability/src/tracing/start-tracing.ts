import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

let sdk: NodeSDK | undefined;

/**
 * Keeps spans in-process only. The SDK installs no tracer provider without a span processor, and
 * without a provider there are no trace ids for logs and events: this one makes tracing always on.
 */
class DiscardingSpanProcessor implements SpanProcessor {
  onStart(): void {
    // nothing to record: the span lives only for its context
  }
  onEnd(): void {
    // nothing to export
  }
  async forceFlush(): Promise<void> {
    // nothing buffered
  }
  async shutdown(): Promise<void> {
    // nothing to release
  }
}

/**
 * Starts OpenTelemetry for a service. Tracing always runs, so every log line and event carries a
 * trace id; spans leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 * Call it before the service's modules are loaded, so HTTP and pg are instrumented.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): NodeSDK {
  if (sdk) return sdk;
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const spanProcessors: SpanProcessor[] = endpoint
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }))]
    : [new DiscardingSpanProcessor()];
  sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME ?? serviceName,
      'service.namespace': 'lienthong',
    }),
    spanProcessors,
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
      }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}

/** Flushes and stops tracing (at shutdown). */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
