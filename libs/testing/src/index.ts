export * from './nats/test-messaging';
export * from './nats/read-stream-events';
export * from './nats/isolated-service-env';
export * from './postgres/test-database';
export * from './corpus/conformance-corpus';
export * from './pki';
