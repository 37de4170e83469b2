import { TEST_NATS_URL, IsolatedMessagingOptions } from './test-messaging';

/**
 * The environment a service started in-process by a test gets: the shared NATS and PostgreSQL, but its
 * own subject prefix, stream and database, loopback only, any free port, quiet logs.
 */
export function isolatedServiceEnv(
  messaging: IsolatedMessagingOptions,
  databaseUrl: string,
  logLevel: 'warn' | 'error' = 'warn',
): NodeJS.ProcessEnv {
  return {
    NATS_URL: TEST_NATS_URL,
    DATABASE_URL: databaseUrl,
    LT_SUBJECT_PREFIX: messaging.subjects.prefix,
    LT_STREAM: messaging.streamName,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: logLevel,
  };
}
