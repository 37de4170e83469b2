import { FSWatcher, watch } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificateInfo, parsePemBundle } from './certificate-info';

/** Where a {@link TrustStore} loads from. */
export interface TrustStoreSource {
  /** A PEM bundle file, or a directory whose *.pem / *.crt / *.cer files are PEM. */
  anchorsPath: string;
  /** Optional intermediates (same forms), used in addition to those a package carries in KeyInfo. */
  intermediatesPath?: string;
}

/** Options for {@link TrustStore.fromPath}. */
export interface TrustStoreOptions {
  /** Reload when the files change (fs.watch, debounced). */
  watch?: boolean;
  /** Called after a watch-triggered reload fails; the previous anchors stay in force. */
  onReloadError?: (error: unknown) => void;
}

/**
 * The configured trust anchors (and optional intermediates). Reloading swaps the whole set at once;
 * a reload that fails (unreadable file, no certificate) keeps the previous set.
 */
export class TrustStore {
  private anchorList: CertificateInfo[] = [];
  private intermediateList: CertificateInfo[] = [];
  private anchorFingerprints = new Set<string>();
  private watchers: FSWatcher[] = [];
  private debounce?: NodeJS.Timeout;

  private constructor(private readonly source?: TrustStoreSource) {}

  /** A store from PEM text (no reload). */
  static fromPem(anchorsPem: string, intermediatesPem = ''): TrustStore {
    const store = new TrustStore();
    store.install(parsePemBundle(anchorsPem), parsePemBundle(intermediatesPem));
    return store;
  }

  /** A store loaded from files; with `watch`, it reloads itself when they change. */
  static async fromPath(source: TrustStoreSource, options: TrustStoreOptions = {}): Promise<TrustStore> {
    const store = new TrustStore(source);
    await store.reload();
    if (options.watch) store.watchFiles(options.onReloadError ?? (() => undefined));
    return store;
  }

  /** Re-reads the configured files. Throws (keeping the current set) when the anchors cannot be loaded. */
  async reload(): Promise<void> {
    if (!this.source) return;
    const anchors = parsePemBundle(await readPem(this.source.anchorsPath));
    if (anchors.length === 0)
      throw new Error(`no trust anchor certificate found in ${this.source.anchorsPath}`);
    const intermediates = this.source.intermediatesPath
      ? parsePemBundle(await readPem(this.source.intermediatesPath))
      : [];
    this.install(anchors, intermediates);
  }

  anchors(): readonly CertificateInfo[] {
    return this.anchorList;
  }

  intermediates(): readonly CertificateInfo[] {
    return this.intermediateList;
  }

  isAnchor(cert: CertificateInfo): boolean {
    return this.anchorFingerprints.has(cert.sha256Fingerprint);
  }

  /** Stops watching files. */
  close(): void {
    clearTimeout(this.debounce);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private install(anchors: CertificateInfo[], intermediates: CertificateInfo[]): void {
    this.anchorList = anchors;
    this.intermediateList = intermediates;
    this.anchorFingerprints = new Set(anchors.map((cert) => cert.sha256Fingerprint));
  }

  private watchFiles(onError: (error: unknown) => void): void {
    const paths = [this.source?.anchorsPath, this.source?.intermediatesPath].filter((p): p is string => !!p);
    for (const path of paths) {
      const watcher = watch(path, () => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.reload().catch(onError), 100);
      });
      watcher.on('error', onError);
      this.watchers.push(watcher);
    }
  }
}

async function readPem(path: string): Promise<string> {
  if (!(await stat(path)).isDirectory()) return readFile(path, 'utf8');
  const names = (await readdir(path)).filter((name) => /\.(pem|crt|cer)$/i.test(name)).sort();
  const texts = await Promise.all(names.map((name) => readFile(join(path, name), 'utf8')));
  return texts.join('\n');
}
