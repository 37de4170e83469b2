import { Histogram, collectDefaultMetrics, register } from 'prom-client';

let started = false;

/** Process metrics (CPU, memory, event loop lag, GC), once per process. */
export function startProcessMetrics(service: string): void {
  if (started) return;
  started = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}

export const httpRequestSeconds =
  (register.getSingleMetric('lt_http_request_seconds') as Histogram<string>) ??
  new Histogram({
    name: 'lt_http_request_seconds',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
