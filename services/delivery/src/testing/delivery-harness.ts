// Test support (not shipped behaviour): runs delivery in-process against the real NATS and PostgreSQL,
// isolated per suite, and publishes routing's events as routing would.
import { createHash } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { BLOB_STORE, BlobStore } from '@lt/blobs';
import { BlobRef, createEvent, DocumentRoutedV1, RoutedRecipient, StatusRoutedV1 } from '@lt/contracts';
import { EventPublisher, QueryClient } from '@lt/messaging';
import {
  createTestDatabase,
  deleteTestStreams,
  isolatedMessagingOptions,
  TestDatabase,
  TEST_NATS_URL,
  isolatedServiceEnv,
} from '@lt/testing';
import { loadDeliveryConfig } from '../delivery.config';
import { startDelivery } from '../start-delivery';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

export interface DeliveryHarness {
  app: INestApplication;
  url: string;
  env: NodeJS.ProcessEnv;
  db: DataSource;
  blobs: BlobStore;
  queries: QueryClient;
  publisher: EventPublisher;
  /** Stops the running service and starts a new one on the same database and stream. */
  restart(): Promise<void>;
  stopService(): Promise<void>;
  startService(): Promise<void>;
  stop(): Promise<void>;
  putPackage(text?: string): Promise<BlobRef>;
  routeDocument(input: {
    recipients: RoutedRecipient[];
    priority?: number;
    senderCode?: string;
    blob: BlobRef;
    documentId?: string;
  }): Promise<string>;
  routeStatus(input: Omit<StatusRoutedV1, 'statusId'> & { statusId?: string }): Promise<string>;
  operator(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{
    status: number; // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON
    body: any;
  }>;
  registerEndpoint(agencyCode: string, url: string): Promise<string>;
}

/** Starts delivery with `overrides` on a fresh database and stream. */
export async function startDeliveryHarness(overrides: NodeJS.ProcessEnv = {}): Promise<DeliveryHarness> {
  const messaging = isolatedMessagingOptions('delivery-test');
  const database: TestDatabase = await createTestDatabase('dlv');
  const env: NodeJS.ProcessEnv = {
    ...isolatedServiceEnv(messaging, database.url, 'error'),
    OPERATOR_TOKEN_HASHES: createHash('sha256').update(OPERATOR_TOKEN).digest('hex'),
    DELIVERY_ALLOW_HTTP_ENDPOINTS: 'true',
    DELIVERY_POLL_INTERVAL_MS: '50',
    ...overrides,
  };
  const nc: NatsConnection = await connect({ servers: TEST_NATS_URL });
  const publisher = new EventPublisher(jetstream(nc), messaging);
  const queries = new QueryClient(nc, messaging.subjects);
  let app: INestApplication | undefined;
  const h: DeliveryHarness = {
    app: undefined as unknown as INestApplication,
    url: '',
    env,
    db: undefined as unknown as DataSource,
    blobs: undefined as unknown as BlobStore,
    queries,
    publisher,
    async startService() {
      app = await startDelivery(loadDeliveryConfig(env));
      h.app = app;
      h.url = await app.getUrl();
      h.db = app.get(DataSource);
      h.blobs = app.get<BlobStore>(BLOB_STORE);
    },
    async stopService() {
      await app?.close();
      app = undefined;
    },
    async restart() {
      await h.stopService();
      await h.startService();
    },
    async stop() {
      await h.stopService().catch(() => undefined);
      await nc.close();
      await database.drop();
      await deleteTestStreams(messaging);
    },
    async putPackage(text = `<edXML>${Math.random()}</edXML>`) {
      return h.blobs.put(Buffer.from(text));
    },
    async routeDocument(input) {
      const documentId = input.documentId ?? crypto.randomUUID();
      const data: DocumentRoutedV1 = {
        documentId,
        senderCode: input.senderCode ?? '000.00.00.G22',
        priority: input.priority ?? 0,
        blob: input.blob,
        recipients: input.recipients,
      };
      await publisher.publish(
        createEvent({
          type: 'document.routed',
          aggregate: { type: 'document', id: documentId },
          correlationId: documentId,
          actor: 'routing',
          data,
        }),
      );
      return documentId;
    },
    async routeStatus(input) {
      const statusId = input.statusId ?? crypto.randomUUID();
      await publisher.publish(
        createEvent({
          type: 'status.routed',
          aggregate: { type: 'status', id: statusId },
          correlationId: input.documentId,
          actor: 'routing',
          data: { ...input, statusId },
        }),
      );
      return statusId;
    },
    async operator(method, path, body) {
      const res = await fetch(`${h.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${OPERATOR_TOKEN}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async registerEndpoint(agencyCode, url) {
      const res = await h.operator('PUT', `/v1/operator/agencies/${agencyCode}/endpoint`, { url });
      if (res.status !== 200) throw new Error(`register endpoint: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.secret as string;
    },
  };
  try {
    await h.startService();
  } catch (error) {
    await h.stop();
    throw error;
  }
  return h;
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
