import 'reflect-metadata';
import { Controller, INestApplication, Injectable, Module } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { context, propagation, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Client } from 'pg';
import { createEvent, createFollowUpEvent, EventEnvelope } from '@lt/contracts';
import { createTestDatabase, deleteTestStreams, isolatedMessagingOptions, TestDatabase } from '@lt/testing';
import {
  DEAD_LETTER_HEADERS,
  EventPublisher,
  JetStreamEventContext,
  JetStreamTransport,
  MessagingModule,
  MessagingOptions,
  NATS_CONNECTION,
  PoisonMessageError,
  QueryClient,
  connectEventTransport,
} from '../index';

// A real tracer provider so trace ids exist and can be followed across the hop.
const provider = new BasicTracerProvider();
trace.setGlobalTracerProvider(provider);
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** What the test handler saw; shared between app instances through the test. */
class Probe {
  handled: Array<{ id: string; delivery: number; traceparent?: string; traceId?: string }> = [];
  failOnce = new Set<string>();
  poison = new Set<string>();
  alwaysFail = new Set<string>();
  slowMs = 0;
  db?: Client;
  followUps = false;
  lanes: Array<{ id: string; lane: string; at: number }> = [];
}
const probe = new Probe();

@Controller()
class TestHandlers {
  constructor(private readonly publisher: EventPublisher) {}

  @EventPattern('document.submitted', {
    concurrency: 4,
    maxDeliver: 3,
    ackWaitMs: 2_000,
    backoff: { initialMs: 50, maxMs: 200 },
  })
  async onSubmitted(@Payload() event: EventEnvelope, @Ctx() ctx: JetStreamEventContext): Promise<void> {
    const key = (event.data as { documentId: string }).documentId;
    if (probe.poison.has(key)) throw new PoisonMessageError(`document ${key} can never be handled`);
    if (probe.alwaysFail.has(key)) throw new Error(`transient failure for ${key}`);
    if (probe.failOnce.delete(key)) throw new Error(`first attempt fails for ${key}`);
    if (probe.slowMs) await new Promise((r) => setTimeout(r, probe.slowMs));
    if (probe.db) {
      // The projection: applied once per event id, whatever the redeliveries.
      await probe.db.query(
        `WITH ins AS (INSERT INTO applied(event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1)
         UPDATE counter SET n = n + (SELECT count(*) FROM ins)`,
        [event.id],
      );
    }
    probe.handled.push({
      id: event.id,
      delivery: ctx.deliveryCount,
      traceparent: event.traceparent,
      traceId: trace.getSpanContext(context.active())?.traceId,
    });
    if (probe.followUps) {
      await this.publisher.publish(
        createFollowUpEvent(event, {
          type: 'document.routed',
          aggregate: event.aggregate,
          actor: 'test',
          data: {
            documentId: key,
            senderCode: 'A',
            priority: 0,
            blob: { sha256: 'x', ref: 'x', size: 1 },
            recipients: [],
          },
        }),
      );
    }
  }

  @EventPattern('document.routed#normal', { concurrency: 1 })
  async onRoutedNormal(@Payload() event: EventEnvelope): Promise<void> {
    await new Promise((r) => setTimeout(r, 10));
    probe.lanes.push({ id: event.id, lane: 'normal', at: Date.now() });
  }

  @EventPattern('document.routed#urgent', { concurrency: 1 })
  async onRoutedUrgent(@Payload() event: EventEnvelope): Promise<void> {
    probe.lanes.push({ id: event.id, lane: 'urgent', at: Date.now() });
  }

  @MessagePattern('echo.upper')
  upper(@Payload() payload: { text: string }): { text: string } {
    if (payload.text === 'boom') throw Object.assign(new Error('no boom allowed'), { code: 'BOOM' });
    return { text: payload.text.toUpperCase() };
  }
}

@Injectable()
class Noop {}

async function startApp(options: MessagingOptions): Promise<INestApplication> {
  @Module({
    imports: [MessagingModule.forRootAsync({ useFactory: () => options })],
    controllers: [TestHandlers],
    providers: [Noop],
  })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
  connectEventTransport(app);
  await app.startAllMicroservices();
  await app.init();
  return app;
}

function submitted(documentId: string): EventEnvelope {
  return createEvent({
    type: 'document.submitted',
    aggregate: { type: 'document', id: documentId },
    correlationId: documentId,
    actor: '000.00.00.G22',
    data: {
      documentId,
      senderCode: '000.00.00.G22',
      recipientCodes: ['000.00.00.H29'],
      blob: { sha256: 'ab', ref: 'ab', size: 2 },
      header: {},
    },
  });
}

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('JetStream transport (real NATS)', () => {
  let options: MessagingOptions;
  let nc: NatsConnection;
  let publisher: EventPublisher;

  beforeAll(async () => {
    options = isolatedMessagingOptions('transport-test');
    nc = await connect({ servers: options.natsUrl });
  });

  afterAll(async () => {
    await nc.close();
    await deleteTestStreams(options);
  });

  beforeEach(() => {
    Object.assign(probe, new Probe());
  });

  describe('with one running service', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await startApp(options);
      publisher = new EventPublisher(jetstream(nc), options);
    });
    afterAll(() => app.close());

    it('handles an event once and acks it (nothing pending afterwards)', async () => {
      const event = submitted('doc-ack');
      await publisher.publish(event);
      await waitFor(() => probe.handled.some((h) => h.id === event.id));
      const jsm = await jetstreamManager(nc);
      await waitFor(async () => {
        const info = await jsm.consumers.info(options.streamName, 'transport-test__document_submitted');
        return info.num_ack_pending === 0 && info.num_pending === 0;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(probe.handled.filter((h) => h.id === event.id)).toHaveLength(1);
    });

    it('redelivers an event whose handler threw once, and it then succeeds', async () => {
      probe.failOnce.add('doc-retry');
      const event = submitted('doc-retry');
      await publisher.publish(event);
      await waitFor(() => probe.handled.some((h) => h.id === event.id));
      expect(probe.handled.find((h) => h.id === event.id)?.delivery).toBe(2);
    });

    it('sends a poison message to the dead-letter stream with its error, once, without retrying', async () => {
      probe.poison.add('doc-poison');
      const event = submitted('doc-poison');
      const dlq = readDeadLetters(nc, options, 1);
      await publisher.publish(event);
      const [letter] = await dlq.letters;
      expect(letter.headers?.get(DEAD_LETTER_HEADERS.error)).toContain('PoisonMessageError');
      expect(letter.headers?.get(DEAD_LETTER_HEADERS.deliveryCount)).toBe('1');
      expect(letter.headers?.get('Lt-Event-Type')).toBe('document.submitted');
      expect(JSON.parse(Buffer.from(letter.data).toString()).id).toBe(event.id);
      await new Promise((r) => setTimeout(r, 500));
      expect(probe.handled.some((h) => h.id === event.id)).toBe(false);
    });

    it('dead-letters an event that keeps failing after max deliveries (not redelivered for ever)', async () => {
      probe.alwaysFail.add('doc-hopeless');
      const event = submitted('doc-hopeless');
      const dlq = readDeadLetters(
        nc,
        options,
        1,
        (m) => JSON.parse(Buffer.from(m.data).toString()).id === event.id,
      );
      await publisher.publish(event);
      const [letter] = await dlq.letters;
      expect(letter.headers?.get(DEAD_LETTER_HEADERS.deliveryCount)).toBe('3');
      expect(letter.headers?.get(DEAD_LETTER_HEADERS.error)).toContain('transient failure');
    });

    it('dead-letters bytes that are not an event envelope', async () => {
      const dlq = readDeadLetters(nc, options, 1, (m) => Buffer.from(m.data).toString() === 'not json');
      await jetstream(nc).publish(options.subjects.event('document.submitted', 'garbage'), 'not json');
      const [letter] = await dlq.letters;
      expect(letter.headers?.get(DEAD_LETTER_HEADERS.error)).toContain('InvalidEventError');
    });

    it('pulls again when a pull iterator ends on its own', async () => {
      const transport = app.get(JetStreamTransport) as unknown as {
        consumers: Array<{ durable: string; messages: { stop(): void } }>;
      };
      const bound = transport.consumers.find((c) => c.durable === 'transport-test__document_submitted');
      bound?.messages.stop();
      await new Promise((r) => setTimeout(r, 1_500));
      const event = submitted('doc-after-iterator-end');
      await publisher.publish(event);
      await waitFor(() => probe.handled.some((h) => h.id === event.id));
    });

    it('stores a duplicate publish (same event id) once', async () => {
      const event = submitted('doc-dup');
      const first = await publisher.publish(event);
      const second = await publisher.publish(event);
      expect(first.duplicate).toBe(false);
      expect(second.duplicate).toBe(true);
      expect(second.streamSequence).toBe(first.streamSequence);
      await waitFor(() => probe.handled.some((h) => h.id === event.id));
      await new Promise((r) => setTimeout(r, 300));
      expect(probe.handled.filter((h) => h.id === event.id)).toHaveLength(1);
    });

    it('carries the trace context across the hop (handler runs in the publisher trace)', async () => {
      const tracer = trace.getTracer('test');
      const span = tracer.startSpan('intake request', undefined, ROOT_CONTEXT);
      const event = submitted('doc-trace');
      await context.with(trace.setSpan(ROOT_CONTEXT, span), () => publisher.publish(event));
      span.end();
      await waitFor(() => probe.handled.some((h) => h.id === event.id));
      const seen = probe.handled.find((h) => h.id === event.id);
      expect(seen?.traceId).toBe(span.spanContext().traceId);
      expect(seen?.traceparent).toContain(span.spanContext().traceId);
    });

    it('lets an urgent event overtake a normal backlog (one durable consumer per lane)', async () => {
      const routed = (i: number, priority: number) =>
        createEvent({
          type: 'document.routed',
          aggregate: { type: 'document', id: `lane-${i}` },
          correlationId: `lane-${i}`,
          actor: 'test',
          data: {
            documentId: `lane-${i}`,
            senderCode: 'A',
            priority,
            blob: { sha256: 'x', ref: 'x', size: 1 },
            recipients: [],
          },
        });
      await publisher.publishAll(Array.from({ length: 300 }, (_, i) => routed(i, 0)));
      const flash = routed(999, 3);
      const sentAt = Date.now();
      await publisher.publish(flash);
      await waitFor(() => probe.lanes.some((l) => l.id === flash.id));
      const handledAt = probe.lanes.find((l) => l.id === flash.id)!.at;
      // 300 normal events take about 3 s at 10 ms each; the flash one must not wait for them.
      expect(handledAt - sentAt).toBeLessThan(1_000);
      expect(probe.lanes.filter((l) => l.lane === 'normal').length).toBeLessThan(300);
    });

    it('answers request-reply queries and reports handler errors with their code', async () => {
      const client = new QueryClient(nc, options.subjects);
      await expect(client.request('echo.upper', { text: 'xin chào' })).resolves.toEqual({ text: 'XIN CHÀO' });
      await expect(client.request('echo.upper', { text: 'boom' })).rejects.toMatchObject({ code: 'BOOM' });
      await expect(client.request('nobody.home', {}, 500)).rejects.toMatchObject({
        code: 'QUERY_UNAVAILABLE',
      });
    });
  });

  describe('restart mid-stream', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('transport');
      probe.db = new Client({ connectionString: db.url });
    });
    afterAll(async () => {
      await probe.db?.end();
      await db.drop();
    });

    it('resumes from the durable consumer: every event applied exactly once', async () => {
      const own = isolatedMessagingOptions('restart-test');
      const client = new Client({ connectionString: db.url });
      await client.connect();
      await client.query(
        'CREATE TABLE applied (event_id uuid PRIMARY KEY); CREATE TABLE counter (n int); INSERT INTO counter VALUES (0);',
      );
      Object.assign(probe, new Probe(), { db: client, slowMs: 20 });
      const pub = new EventPublisher(jetstream(nc), own);
      try {
        const first = await startApp(own);
        const events = Array.from({ length: 200 }, (_, i) => submitted(`doc-restart-${i}`));
        await pub.publishAll(events);
        await waitFor(() => probe.handled.length >= 40);
        // Crash: the connection drops without draining; in-flight messages stay un-acked.
        await crash(first);
        const handledBeforeRestart = probe.handled.length;
        expect(handledBeforeRestart).toBeLessThan(200);
        const second = await startApp(own);
        await waitFor(async () => (await client.query('SELECT n FROM counter')).rows[0].n === 200, 30_000);
        await new Promise((r) => setTimeout(r, 500));
        const { rows } = await client.query(
          'SELECT n, (SELECT count(*)::int FROM applied) AS applied FROM counter',
        );
        expect(rows[0]).toEqual({ n: 200, applied: 200 });
        await second.close();
      } finally {
        await client.end();
        await deleteTestStreams(own);
      }
    }, 60_000);
  });
});

/** Simulates a process death: the NATS connection closes at once, nothing is drained or acked. */
async function crash(app: INestApplication): Promise<void> {
  const nc = app.get<NatsConnection>(NATS_CONNECTION);
  await nc.close();
  await app.close().catch(() => undefined);
}

/** Starts listening for dead letters; returns a holder so the caller can publish before awaiting. */
function readDeadLetters(
  nc: NatsConnection,
  options: MessagingOptions,
  count: number,
  match: (m: { data: Uint8Array }) => boolean = () => true,
) {
  const sub = nc.subscribe(options.subjects.allDeadLetters());
  const letters = (async () => {
    const found = [];
    for await (const m of sub) {
      if (!match(m)) continue;
      found.push(m);
      if (found.length >= count) break;
    }
    sub.unsubscribe();
    return found;
  })();
  return { letters };
}
