import { createHash, randomBytes } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { deleteTestStreams, isolatedMessagingOptions } from '@lt/testing';
import { JetStreamObjectBlobStore } from './jetstream-object.blob-store';

describe('JetStreamObjectBlobStore (real NATS)', () => {
  const options = isolatedMessagingOptions('blobs');
  let nc: NatsConnection;
  let store: JetStreamObjectBlobStore;

  beforeAll(async () => {
    nc = await connect({ servers: options.natsUrl });
    store = new JetStreamObjectBlobStore(nc, { bucket: `${options.streamName}_BLOBS` });
  });
  /** Messages in the bucket's stream (chunks and metadata). */
  async function streamMessages(): Promise<number> {
    const jsm = await jetstream(nc).jetstreamManager();
    return (await jsm.streams.info(`OBJ_${options.streamName}_BLOBS`)).state.messages;
  }

  afterAll(async () => {
    await nc.close();
    await deleteTestStreams(options);
  });

  it('stores bytes under their SHA-256 and returns them intact (multi-chunk)', async () => {
    const bytes = randomBytes(300_000);
    const ref = await store.put(bytes);
    expect(ref.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(ref.size).toBe(300_000);
    expect(await store.has(ref.sha256)).toBe(true);
    expect((await store.get(ref.sha256))?.equals(bytes)).toBe(true);
  });

  it('stores the same content once and reports unknown digests as absent', async () => {
    const bytes = Buffer.from('<edXML/>');
    const a = await store.put(bytes);
    const b = await store.put(Buffer.from(bytes));
    expect(b).toEqual(a);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('writes the object store format: the library reads it and its digest checks out', async () => {
    const bytes = randomBytes(200_000);
    const ref = await store.put(bytes);
    const library = await new Objm(jetstream(nc)).open(`${options.streamName}_BLOBS`);
    const info = await library.info(ref.sha256);
    expect(info?.size).toBe(200_000);
    expect(info?.chunks).toBe(2);
    expect(info?.digest).toBe(`SHA-256=${createHash('sha256').update(bytes).digest('base64url')}=`);
    expect(Buffer.from((await library.getBlob(ref.sha256)) ?? []).equals(bytes)).toBe(true);
  });

  it('keeps one copy when the same bytes are put concurrently (no orphaned chunks)', async () => {
    const bytes = randomBytes(10_000);
    const before = await streamMessages();
    const refs = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(refs.map((r) => r.sha256)).size).toBe(1);
    // One chunk and one metadata message survive; the losers purged their chunks.
    expect((await streamMessages()) - before).toBe(2);
    expect((await store.get(refs[0].sha256))?.equals(bytes)).toBe(true);
  });

  it('stores again bytes whose object was deleted', async () => {
    const bytes = randomBytes(1_000);
    const ref = await store.put(bytes);
    const library = await new Objm(jetstream(nc)).open(`${options.streamName}_BLOBS`);
    await library.delete(ref.sha256);
    expect(await store.has(ref.sha256)).toBe(false);
    await store.put(bytes);
    expect((await store.get(ref.sha256))?.equals(bytes)).toBe(true);
  });

  it('stores an empty blob', async () => {
    const ref = await store.put(new Uint8Array(0));
    expect(ref.size).toBe(0);
    expect((await store.get(ref.sha256))?.length).toBe(0);
  });
});
