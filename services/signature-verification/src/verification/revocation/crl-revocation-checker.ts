import 'reflect-metadata';
import { X509Crl } from '@peculiar/x509';
import type { CertificateInfo } from '../certificates/certificate-info';
import { fetchCrl } from './fetch-crl';
import { RevocationAnswer, RevocationChecker } from './revocation-checker';

/** Configuration of {@link CrlRevocationChecker}. */
export interface CrlRevocationOptions {
  /** How long a last-good CRL may still be used once it is past nextUpdate and no fresh one can be had (ms). */
  maxStaleAgeMs: number;
  /** Download a new CRL this long before the cached one's nextUpdate (ms); default 10 minutes. */
  refreshBeforeNextUpdateMs?: number;
  /** When a CRL has no nextUpdate, refresh it after this long (ms); default 1 hour. */
  refreshIntervalMs?: number;
  fetchTimeoutMs?: number;
  /** The wall clock used for cache ages (not the verification instant); injectable for tests. */
  clock?: () => Date;
  /** CRL download; default HTTP(S) GET. */
  fetch?: (url: string) => Promise<Buffer>;
}

interface CachedCrl {
  issuerFingerprint: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** When this CRL was downloaded and verified. */
  fetchedAt: Date;
  /** Normalized serial → revocation date. */
  revoked: Map<string, Date>;
}

/**
 * Revocation by CRL from the certificate's CRL distribution points. CRLs are verified (issuer name
 * and signature), cached in memory per URL, and downloaded again shortly before nextUpdate. When the
 * source cannot be reached the cached CRL is used while it is current, then as a last-good answer
 * for up to `maxStaleAgeMs` after its nextUpdate (source `cache`); after that the answer is `unknown`.
 * A failed download never makes a certificate revoked.
 */
export class CrlRevocationChecker implements RevocationChecker {
  private readonly cache = new Map<string, CachedCrl>();
  private readonly inFlight = new Map<string, Promise<CachedCrl>>();
  private readonly clock: () => Date;
  private readonly download: (url: string) => Promise<Buffer>;

  constructor(private readonly options: CrlRevocationOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.download = options.fetch ?? ((url) => fetchCrl(url, options.fetchTimeoutMs ?? 5_000));
  }

  /** {@inheritDoc RevocationChecker.check} */
  async check(certificate: CertificateInfo, issuer: CertificateInfo, at: Date): Promise<RevocationAnswer> {
    const urls = certificate.crlUrls;
    if (urls.length === 0)
      return { status: 'good', source: 'none', detail: 'the certificate names no CRL distribution point' };
    const failures: string[] = [];
    for (const url of urls) {
      const answer = await this.crlFor(url, issuer).catch((error: unknown) => {
        failures.push(String(error instanceof Error ? error.message : error));
        return undefined;
      });
      if (!answer) continue;
      const revokedAt = answer.crl.revoked.get(normalizeSerial(certificate.serialNumber));
      const base = { source: answer.source, checkedAt: answer.crl.fetchedAt };
      if (revokedAt && revokedAt <= at) {
        return {
          ...base,
          status: 'revoked',
          detail: `listed in ${url} as revoked since ${revokedAt.toISOString()}`,
        };
      }
      return {
        ...base,
        status: 'good',
        detail: `not listed in ${url}${answer.source === 'cache' ? ' (last good CRL, source unreachable)' : ''}`,
      };
    }
    return { status: 'unknown', source: 'none', detail: `no usable CRL: ${failures.join('; ')}` };
  }

  /** Downloads again every cached CRL that is due (for a periodic timer); failures keep the old copy. */
  async refreshDue(issuers: (url: string) => CertificateInfo | undefined): Promise<void> {
    const now = this.clock();
    await Promise.all(
      [...this.cache.entries()]
        .filter(([, crl]) => this.isDue(crl, now))
        .map(([url]) => {
          const issuer = issuers(url);
          return issuer ? this.refresh(url, issuer).catch(() => undefined) : undefined;
        }),
    );
  }

  private async crlFor(
    url: string,
    issuer: CertificateInfo,
  ): Promise<{ crl: CachedCrl; source: 'crl' | 'cache' }> {
    const now = this.clock();
    const cached = this.cache.get(url);
    const usable = cached && cached.issuerFingerprint === issuer.sha256Fingerprint ? cached : undefined;
    if (usable && !this.isDue(usable, now)) return { crl: usable, source: 'crl' };
    try {
      return { crl: await this.refresh(url, issuer), source: 'crl' };
    } catch (error) {
      if (!usable) throw error;
      const expiry = usable.nextUpdate ?? new Date(usable.fetchedAt.getTime() + this.refreshInterval());
      if (now <= expiry) return { crl: usable, source: 'crl' }; // refresh failed early: the cached CRL is still current
      const staleFor = now.getTime() - expiry.getTime();
      if (staleFor <= this.options.maxStaleAgeMs) return { crl: usable, source: 'cache' };
      throw new Error(
        `${url} unreachable (${error instanceof Error ? error.message : String(error)}) and the last good CRL ` +
          `has been past its nextUpdate for ${Math.round(staleFor / 1000)} s, more than the ${Math.round(this.options.maxStaleAgeMs / 1000)} s allowed`,
      );
    }
  }

  private isDue(crl: CachedCrl, now: Date): boolean {
    const refreshAt = crl.nextUpdate
      ? crl.nextUpdate.getTime() - (this.options.refreshBeforeNextUpdateMs ?? 10 * 60_000)
      : crl.fetchedAt.getTime() + this.refreshInterval();
    return now.getTime() >= refreshAt;
  }

  private refreshInterval(): number {
    return this.options.refreshIntervalMs ?? 3_600_000;
  }

  private refresh(url: string, issuer: CertificateInfo): Promise<CachedCrl> {
    const running = this.inFlight.get(url);
    if (running) return running;
    const task = this.downloadAndVerify(url, issuer).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, task);
    return task;
  }

  private async downloadAndVerify(url: string, issuer: CertificateInfo): Promise<CachedCrl> {
    const bytes = await this.download(url);
    const crl = isPem(bytes) ? new X509Crl(bytes.toString('ascii')) : new X509Crl(new Uint8Array(bytes));
    if (crl.issuer !== issuer.subject)
      throw new Error(`${url}: CRL issuer "${crl.issuer}" is not "${issuer.subject}"`);
    if (!(await crl.verify({ publicKey: issuer.parsed.publicKey })))
      throw new Error(`${url}: CRL signature invalid`);
    const now = this.clock();
    if (crl.nextUpdate && crl.nextUpdate < now)
      throw new Error(`${url}: CRL is stale (nextUpdate ${crl.nextUpdate.toISOString()})`);
    const entry: CachedCrl = {
      issuerFingerprint: issuer.sha256Fingerprint,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      fetchedAt: now,
      revoked: new Map(crl.entries.map((e) => [normalizeSerial(e.serialNumber), e.revocationDate])),
    };
    this.cache.set(url, entry);
    return entry;
  }
}

function normalizeSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

function isPem(bytes: Buffer): boolean {
  return bytes.subarray(0, 32).toString('ascii').includes('-----BEGIN');
}
