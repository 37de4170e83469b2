// What the end-to-end tests and the local runner may use of this service: start it with a configuration.
export * from './start-delivery';
export * from './delivery.config';
