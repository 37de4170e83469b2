import { createHash, randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { connect, NatsConnection, Subscription } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createEvent, EventData, EventEnvelope, EventType, newEventId } from '@lt/contracts';
import { EventPublisher, QueryClient } from '@lt/messaging';
import {
  createTestDatabase,
  deleteTestStreams,
  isolatedMessagingOptions,
  TestDatabase,
  TEST_NATS_URL,
  isolatedServiceEnv,
} from '@lt/testing';
import { loadRoutingConfig } from '../routing.config';
import { startRouting } from '../start-routing';
import { addDays, vietnamToday } from '../directory/calendar';

/**
 * routing alone, in this process, on the real NATS and PostgreSQL (own subject prefix, stream and
 * database), with an operator token, a publisher for input events and a recorder of every event on
 * the stream.
 */
export interface RoutingHarness {
  app: INestApplication;
  url: string;
  token: string;
  db: TestDatabase;
  queries: QueryClient;
  seen: EventEnvelope[];
  /** Calls the operator API with the operator token (or the given headers). */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  publish<T extends EventType>(type: T, aggregateId: string, data: EventData<T>): Promise<EventEnvelope>;
  /** Starts one more routing replica on the same database, stream and subjects (stopped by `stop`). */
  startReplica(): Promise<INestApplication>;
  /** Events caused by `causeId`, once at least `count` arrived. */
  causedBy(causeId: string, count: number): Promise<EventEnvelope[]>;
  stop(): Promise<void>;
}

/** Today's date shifted by `days`, as the directory reads dates. */
export const day = (days: number) => addDays(vietnamToday(), days);

export async function startRoutingHarness(env: NodeJS.ProcessEnv = {}): Promise<RoutingHarness> {
  const messaging = isolatedMessagingOptions('routing');
  const db = await createTestDatabase('routing');
  const token = randomBytes(24).toString('hex');
  const config = () =>
    loadRoutingConfig({
      ...isolatedServiceEnv(messaging, db.url),
      AGENCY_CODE_POLICY: 'lenient',
      OPERATOR_TOKEN_HASHES: createHash('sha256').update(token).digest('hex'),
      ...env,
    });
  const app = await startRouting(config());
  const replicas: INestApplication[] = [];
  const url = await app.getUrl();
  const nc: NatsConnection = await connect({ servers: TEST_NATS_URL });
  const publisher = new EventPublisher(jetstream(nc), messaging);
  const queries = new QueryClient(nc, messaging.subjects);
  const seen: EventEnvelope[] = [];
  const sub: Subscription = nc.subscribe(messaging.subjects.allEvents());
  void (async () => {
    for await (const m of sub) seen.push(JSON.parse(Buffer.from(m.data).toString('utf8')) as EventEnvelope);
  })();

  return {
    app,
    url,
    token,
    db,
    queries,
    seen,
    http(method, path, body, headers) {
      const isText = typeof body === 'string';
      return fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': isText ? 'text/csv' : 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
      });
    },
    async publish(type, aggregateId, data) {
      const event = createEvent({
        type,
        aggregate: { type: type.startsWith('status') ? 'status' : 'document', id: aggregateId },
        correlationId: aggregateId,
        actor: 'test',
        data,
      });
      await publisher.publish(event);
      return event;
    },
    async startReplica() {
      const replica = await startRouting(config());
      replicas.push(replica);
      return replica;
    },
    async causedBy(causeId, count) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = seen.filter((e) => e.causationId === causeId);
        if (found.length >= count) {
          // Let stragglers of the same decision arrive, so a test sees an extra event it did not expect.
          await new Promise((r) => setTimeout(r, 150));
          return seen.filter((e) => e.causationId === causeId);
        }
        if (Date.now() > deadline)
          throw new Error(`expected ${count} events caused by ${causeId}, saw ${found.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      sub.unsubscribe();
      for (const replica of replicas) await replica.close().catch(() => undefined);
      await app.close().catch(() => undefined);
      await nc.close();
      await db.drop();
      await deleteTestStreams(messaging);
    },
  };
}

/** A fresh hub document id. */
export const documentId = () => newEventId();

/** A blob reference for events (routing never reads the blob). */
export const BLOB = { sha256: 'a'.repeat(64), ref: 'a'.repeat(64), size: 1234 };

/** A response body as JSON, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json<T = any>(r: Response): Promise<T> {
  return (await r.json()) as T;
}
