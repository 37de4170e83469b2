import { ConfigOf, int, oneOf, str, url } from './env-config';

/** The variables every service reads (docs/configuration.md lists them with the per-service ones). */
export function baseServiceConfigSpec(defaultPort: number) {
  return {
    NATS_URL: url({ default: 'nats://127.0.0.1:4222', protocols: ['nats', 'tls'], list: true }),
    DATABASE_URL: url({
      default: 'postgres://postgres@127.0.0.1:5432/test',
      protocols: ['postgres', 'postgresql'],
    }),
    LT_SUBJECT_PREFIX: str({ default: 'lt', pattern: /^[A-Za-z0-9_-]+$/ }),
    LT_STREAM: str({ default: 'LT_EVENTS', pattern: /^[A-Za-z0-9_-]+$/ }),
    LT_STREAM_REPLICAS: int({ default: 1, min: 1, max: 5 }),
    /** PostgreSQL connections per process. */
    DATABASE_POOL_SIZE: int({ default: 10, min: 1, max: 200 }),
    /** Seconds before an unacknowledged event is redelivered (after a crash, for instance). */
    LT_ACK_WAIT_SECONDS: int({ default: 30, min: 1, max: 3600 }),
    HTTP_HOST: str({ default: '0.0.0.0' }),
    HTTP_PORT: int({ default: defaultPort, min: 0, max: 65535 }),
    LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, {
      default: 'info',
    }),
    OTEL_EXPORTER_OTLP_ENDPOINT: url({ protocols: ['http', 'https'], optional: true }),
  };
}

export type BaseServiceConfig = ConfigOf<ReturnType<typeof baseServiceConfigSpec>>;
