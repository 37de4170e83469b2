import { createHash } from 'node:crypto';
import { jetstream, JetStreamApiError, JetStreamClient } from '@nats-io/jetstream';
import { Objm, ObjectStore } from '@nats-io/obj';
import { headers, nuid } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { BlobRef } from '@lt/contracts';
import { BlobIntegrityError, BlobStore } from './blob-store';

export interface JetStreamBlobStoreOptions {
  bucket: string;
  storage?: 'file' | 'memory';
  replicas?: number;
}

/** JetStream's answer when an expected-last-subject-sequence publish finds the subject taken. */
const WRONG_LAST_SEQUENCE = 10071;
/** The object store's chunk size (the library's default), capped by the server's max payload. */
const MAX_CHUNK_BYTES = 128 * 1024;

/**
 * The default BlobStore: a JetStream object store bucket, chunked and replicated like the event log.
 *
 * `put` writes the object store's own format (chunks under `$O.<bucket>.C.<nuid>`, then the metadata
 * under `$O.<bucket>.M.<base64url(name)>` with a subject rollup), so the library's reader (`get`) and
 * every NATS tool read it; it does so itself because the library's `putBlob` costs four round trips
 * (two existence checks, the chunk, the metadata), builds NATS error objects for every absent name,
 * and hashes in pure JavaScript. Here: one native SHA-256 (it is both the name and the object digest),
 * the chunks, then the metadata published only if the name is still free (expected last subject
 * sequence 0). Content addressing makes "already there" the same answer as "stored now", so a
 * concurrent or repeated put of the same bytes drops its own chunks and succeeds.
 */
export class JetStreamObjectBlobStore implements BlobStore {
  private store?: Promise<ObjectStore>;
  private readonly js: JetStreamClient;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: JetStreamBlobStoreOptions,
  ) {
    this.js = jetstream(nc);
  }

  private bucket(): Promise<ObjectStore> {
    this.store ??= new Objm(this.js).create(this.options.bucket, {
      storage: this.options.storage === 'memory' ? 'memory' : 'file',
      replicas: this.options.replicas ?? 1,
      description: 'Liên thông hub: package blobs, content-addressed by SHA-256',
    } as never);
    return this.store;
  }

  async put(bytes: Uint8Array): Promise<BlobRef> {
    const digest = createHash('sha256').update(bytes).digest();
    const sha256 = digest.toString('hex');
    const store = await this.bucket();
    if (!(await this.writeIfAbsent(sha256, digest, bytes))) {
      // The name was taken: by these very bytes (content addressing), unless it was deleted since.
      const existing = await store.info(sha256);
      if (!existing || existing.deleted) {
        await store.putBlob({ name: sha256, description: 'edxml package' }, bytes);
      }
    }
    return { sha256, ref: sha256, size: bytes.byteLength };
  }

  /**
   * Writes the chunks, then the metadata that makes them an object, unless an object of that name
   * exists. The metadata goes out only after every chunk is acknowledged, so a reader never finds an
   * object whose chunks are missing.
   * @returns false when the name was already taken (our chunks are purged again)
   */
  private async writeIfAbsent(name: string, digest: Buffer, bytes: Uint8Array): Promise<boolean> {
    const bucket = this.options.bucket;
    const id = nuid.next();
    const chunkSubject = `$O.${bucket}.C.${id}`;
    const maxChunk = Math.min(MAX_CHUNK_BYTES, this.nc.info?.max_payload ?? 1024 * 1024);
    const acks: Array<Promise<unknown>> = [];
    // Issued without waiting for each ack: one connection keeps them in order in the stream.
    for (let at = 0; at < bytes.byteLength; at += maxChunk) {
      acks.push(this.js.publish(chunkSubject, bytes.subarray(at, at + maxChunk)));
    }
    try {
      await Promise.all(acks);
    } catch (error) {
      await this.purgeChunks(chunkSubject);
      throw error;
    }
    const meta = {
      name,
      description: 'edxml package',
      options: { max_chunk_size: maxChunk },
      bucket,
      nuid: id,
      size: bytes.byteLength,
      chunks: acks.length,
      mtime: new Date().toISOString(),
      digest: `SHA-256=${digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`,
      deleted: false,
    };
    const h = headers();
    h.set('Nats-Rollup', 'sub');
    try {
      await this.js.publish(metaSubject(bucket, name), JSON.stringify(meta), {
        headers: h,
        expect: { lastSubjectSequence: 0 },
      });
      return true;
    } catch (error) {
      await this.purgeChunks(chunkSubject);
      if (error instanceof JetStreamApiError && error.code === WRONG_LAST_SEQUENCE) return false;
      throw error;
    }
  }

  private async purgeChunks(chunkSubject: string): Promise<void> {
    const jsm = await this.js.jetstreamManager();
    await jsm.streams
      .purge(`OBJ_${this.options.bucket}`, { filter: chunkSubject })
      .catch(() => undefined /* orphaned chunks waste space, they never corrupt an object */);
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

/** The object store's metadata subject of a name (base64url with padding, as the library writes it). */
function metaSubject(bucket: string, name: string): string {
  return `$O.${bucket}.M.${Buffer.from(name).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}
