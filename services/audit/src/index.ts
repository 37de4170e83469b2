// What the end-to-end tests and the local runner may use of this service: start it with a configuration.
export * from './start-audit';
export * from './audit.config';
