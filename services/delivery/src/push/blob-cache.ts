import { BlobStore } from '@lt/blobs';

/**
 * Package bytes for pushing, kept in memory up to a byte budget (least recently used out first).
 * Blobs are content-addressed, so a cached entry can never be stale.
 */
export class BlobCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private readonly loading = new Map<string, Promise<Buffer | null>>();

  constructor(
    private readonly store: BlobStore,
    private readonly budgetBytes: number,
  ) {}

  async get(sha256: string): Promise<Buffer | null> {
    const hit = this.entries.get(sha256);
    if (hit) {
      this.entries.delete(sha256);
      this.entries.set(sha256, hit);
      return hit;
    }
    // One read per digest however many pushes wait for it.
    let pending = this.loading.get(sha256);
    if (!pending) {
      pending = this.store.get(sha256).finally(() => this.loading.delete(sha256));
      this.loading.set(sha256, pending);
    }
    const bytes = await pending;
    if (bytes && bytes.length <= this.budgetBytes && !this.entries.has(sha256)) {
      this.entries.set(sha256, bytes);
      this.bytes += bytes.length;
      for (const [key, value] of this.entries) {
        if (this.bytes <= this.budgetBytes) break;
        this.entries.delete(key);
        this.bytes -= value.length;
      }
    }
    return bytes;
  }
}
