export * from './data-source/service-data-source';
export * from './migrations/exactly-once-tables.migration';
export * from './exactly-once/event-sink';
export * from './exactly-once/transactional-outbox';
