// What the end-to-end tests, the benchmark and the local runner may use of this service: start it with
// a configuration, and sign requests as an agency does.
export * from './start-intake';
export * from './intake.config';
export * from './client/agency-client';
