export * from './blob-store';
export * from './jetstream-object.blob-store';
