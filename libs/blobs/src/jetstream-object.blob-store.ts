import { createHash } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { Objm, ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { BlobRef } from '@lt/contracts';
import { BlobIntegrityError, BlobStore } from './blob-store';

export interface JetStreamBlobStoreOptions {
  bucket: string;
  storage?: 'file' | 'memory';
  replicas?: number;
}

/** The default BlobStore: a JetStream object store bucket, chunked and replicated like the event log. */
export class JetStreamObjectBlobStore implements BlobStore {
  private store?: Promise<ObjectStore>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: JetStreamBlobStoreOptions,
  ) {}

  private bucket(): Promise<ObjectStore> {
    this.store ??= new Objm(jetstream(this.nc)).create(this.options.bucket, {
      storage: this.options.storage === 'memory' ? 'memory' : 'file',
      replicas: this.options.replicas ?? 1,
      description: 'Liên thông hub: package blobs, content-addressed by SHA-256',
    } as never);
    return this.store;
  }

  async put(bytes: Uint8Array): Promise<BlobRef> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const store = await this.bucket();
    const existing = await store.info(sha256);
    if (!existing || existing.deleted) {
      await store.putBlob({ name: sha256, description: 'edxml package' }, bytes);
    }
    return { sha256, ref: sha256, size: bytes.byteLength };
  }

  async get(sha256: string): Promise<Buffer | null> {
    const store = await this.bucket();
    const data = await store.getBlob(sha256);
    if (!data) return null;
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) throw new BlobIntegrityError(`blob ${sha256} has digest ${actual}`);
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }

  async has(sha256: string): Promise<boolean> {
    const info = await (await this.bucket()).info(sha256);
    return !!info && !info.deleted;
  }
}
