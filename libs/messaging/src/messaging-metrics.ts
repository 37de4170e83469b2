import { Counter, Histogram, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

function histogram(name: string, help: string, labelNames: string[]): Histogram<string> {
  return (
    (register.getSingleMetric(name) as Histogram<string>) ??
    new Histogram({ name, help, labelNames, buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] })
  );
}

/** Prometheus metrics of the event transport, registered once per process in the default registry. */
export const messagingMetrics = {
  published: counter('lt_events_published_total', 'Events published to JetStream', ['type', 'duplicate']),
  handled: counter('lt_events_handled_total', 'Events handled by a consumer, by outcome', [
    'consumer',
    'type',
    'outcome',
  ]),
  handlerSeconds: histogram('lt_event_handler_seconds', 'Time spent in event handlers', ['consumer', 'type']),
  deadLettered: counter('lt_events_dead_lettered_total', 'Events sent to the dead-letter stream', [
    'consumer',
    'type',
  ]),
};
