import { context, propagation, trace, Context, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { MsgHdrs } from '@nats-io/transport-node';

// NATS headers are multi-valued and return '' for a missing key: adapt them to OTel's carrier API.
const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};
const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? carrier.keys() : []),
  get: (carrier, key) => {
    const value = carrier?.get(key);
    return value ? value : undefined;
  },
};

/** Writes the active trace context (W3C traceparent/tracestate) into NATS message headers. */
export function injectTraceContext(headers: MsgHdrs, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, setter);
}

/** Reads the trace context carried by a message, as the parent for the consumer's span. */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  return propagation.extract(context.active(), headers, getter);
}

/** The active span's traceparent, for the event envelope; undefined when there is no valid span. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const span = trace.getSpanContext(ctx);
  if (!span || !trace.isSpanContextValid(span)) return undefined;
  return `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 1).toString(16).padStart(2, '0')}`;
}
