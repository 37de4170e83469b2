import { INestApplication } from '@nestjs/common';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { UpcasterRegistry } from '@lt/contracts';
import { EventPublisher, MessagingOptions } from '@lt/messaging';
import {
  createTestDatabase,
  deleteTestStreams,
  isolatedMessagingOptions,
  IsolatedMessagingOptions,
  TestDatabase,
  TEST_NATS_URL,
  isolatedServiceEnv,
} from '@lt/testing';
import { loadAuditConfig } from '../audit.config';
import { startAudit } from '../start-audit';

export const AUDITOR_TOKEN = 'auditor-token-for-tests';
export const OPERATOR_TOKEN = 'operator-token-for-tests';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface AuditTestStack {
  app: INestApplication;
  url: string;
  db: TestDatabase;
  messaging: IsolatedMessagingOptions;
  nc: NatsConnection;
  publisher: EventPublisher;
  env: NodeJS.ProcessEnv;
  /** GET as an auditor (or with the given token). */
  get(path: string, token?: string | null): Promise<Response>;
  stop(): Promise<void>;
}

/** The audit service alone on its own stream, subjects and database, with auditor/operator tokens. */
export async function startAuditTestStack(
  overrides: NodeJS.ProcessEnv = {},
  upcasters?: UpcasterRegistry,
): Promise<AuditTestStack> {
  const messaging = isolatedMessagingOptions('audit');
  const db = await createTestDatabase('audit');
  const dir = mkdtempSync(join(tmpdir(), 'audit-key-'));
  const keyFile = join(dir, 'evidence-key.pem');
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const env: NodeJS.ProcessEnv = {
    ...isolatedServiceEnv(messaging, db.url),
    AUDITOR_TOKEN_HASHES: `inspector-1:${sha256(AUDITOR_TOKEN)}`,
    OPERATOR_TOKEN_HASHES: `sre-1:${sha256(OPERATOR_TOKEN)}`,
    AUDIT_SIGNING_KEY_FILE: keyFile,
    AUDIT_CHECKPOINT_INTERVAL_MS: '3600000',
    ...overrides,
  };
  const app = await startAudit(loadAuditConfig(env), { upcasters });
  const url = await app.getUrl();
  const nc = await connect({ servers: TEST_NATS_URL });
  const publisher = new EventPublisher(jetstream(nc), messaging as MessagingOptions);
  return {
    app,
    url,
    db,
    messaging,
    nc,
    publisher,
    env,
    get: (path, token = AUDITOR_TOKEN) =>
      fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    async stop() {
      await app.close().catch(() => undefined);
      await nc.close().catch(() => undefined);
      await db.drop();
      await deleteTestStreams(messaging);
    },
  };
}

/**
 * Waits until the live projection holds every event of the log that has at least `events` rows
 * (the projection follows the log in its own transactions).
 */
export async function projectionCaughtUp(stack: AuditTestStack, events: number): Promise<void> {
  const ds = stack.app.get(DataSource);
  await eventually(async () => {
    const [r] = await ds.query(
      `SELECT (SELECT coalesce(max(position), 0) FROM audit.event_log)::int AS head,
         (SELECT position FROM audit.projection_position WHERE projection = 'lifecycle')::int AS projected`,
    );
    return r.head >= events && r.projected === r.head ? true : undefined;
  });
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
