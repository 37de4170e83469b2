import { createHash, randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { createTestDatabase, deleteTestStreams, IsolatedMessagingOptions } from '@lt/testing';
import { AgencyClient, AgencyCredentials } from '../client/agency-client';
import { loadIntakeConfig } from '../intake.config';
import { startIntake } from '../start-intake';

/** Where a test's intake runs: its own database and subject prefix (from @lt/testing in the spec). */
export interface IsolatedEnvironment {
  natsUrl: string;
  databaseUrl: string;
  subjectPrefix: string;
  streamName: string;
}

/** A spec's isolated environment on the shared servers, and how to remove it afterwards. */
export interface IntakeTestEnvironment {
  env: IsolatedEnvironment;
  /** Drops the database and deletes the streams this environment created (nothing else). */
  drop(): Promise<void>;
}

/** Creates a database for one spec and pairs it with the spec's own subject prefix and stream. */
export async function createIntakeTestEnvironment(
  messaging: IsolatedMessagingOptions,
  databaseLabel: string,
): Promise<IntakeTestEnvironment> {
  const db = await createTestDatabase(databaseLabel);
  return {
    env: {
      natsUrl: messaging.natsUrl,
      databaseUrl: db.url,
      subjectPrefix: messaging.subjects.prefix,
      streamName: messaging.streamName,
    },
    async drop() {
      await db.drop();
      await deleteTestStreams(messaging);
    },
  };
}

/** One intake started in-process for a test, with an operator token to issue credentials. */
export interface IntakeUnderTest {
  app: INestApplication;
  url: string;
  operatorToken: string;
  /** Issues a credential to the agency through the operator API and returns a signed client. */
  agency(code: string): Promise<AgencyClient>;
  operator(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function startIntakeUnderTest(
  env: IsolatedEnvironment,
  overrides: NodeJS.ProcessEnv = {},
): Promise<IntakeUnderTest> {
  const operatorToken = randomBytes(24).toString('base64url');
  const app = await startIntake(
    loadIntakeConfig({
      NATS_URL: env.natsUrl,
      DATABASE_URL: env.databaseUrl,
      LT_SUBJECT_PREFIX: env.subjectPrefix,
      LT_STREAM: env.streamName,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      QUERY_TIMEOUT_MS: '1000',
      OPERATOR_TOKEN_HASHES: createHash('sha256').update(operatorToken).digest('hex'),
      ...overrides,
    }),
  );
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const operator = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${operatorToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    app,
    url,
    operatorToken,
    operator,
    async agency(code: string) {
      const r = await operator('POST', '/v1/operator/credentials', { agencyCode: code });
      if (r.status !== 201)
        throw new Error(`issuing a credential for ${code}: ${r.status} ${await r.text()}`);
      const issued = (await r.json()) as AgencyCredentials;
      return new AgencyClient(url, { systemId: issued.systemId, secret: issued.secret });
    },
  };
}
