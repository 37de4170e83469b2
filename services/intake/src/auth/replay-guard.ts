import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ReplayClaim } from './authenticated-agency';

/**
 * Remembers every (system id, nonce) seen within the clock-skew window, in PostgreSQL so that every
 * intake replica refuses a request another replica already served.
 */
@Injectable()
export class ReplayGuard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ReplayGuard');
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    return `"${(this.dataSource.options as { schema?: string }).schema ?? 'public'}".request_nonce`;
  }

  /**
   * Records the nonce; false when it was already used (a replay). Kept for twice the skew window: a
   * request is accepted up to `skew` before or after the hub's clock.
   */
  async firstUse(systemId: string, nonce: string, rememberSeconds: number): Promise<boolean> {
    return this.claim({ systemId, nonce, rememberSeconds });
  }

  /**
   * Records a claim; false when the nonce was already used. With `manager`, inside that transaction:
   * a concurrent request with the same nonce waits on the row until it commits, then is refused (or,
   * if it rolled back, goes ahead), so an effect and its nonce are remembered together or not at all.
   */
  async claim(claim: ReplayClaim, manager?: EntityManager): Promise<boolean> {
    const { systemId, nonce, rememberSeconds } = claim;
    const rows: unknown[] = await (manager ?? this.dataSource).query(
      `INSERT INTO ${this.table} (system_id, nonce, expires_at)
       VALUES ($1, $2, now() + ($3 || ' seconds')::interval) ON CONFLICT DO NOTHING RETURNING 1`,
      [systemId, nonce, String(rememberSeconds)],
    );
    return rows.length === 1;
  }

  /** Forgets nonces whose window is over (every replica may run it; deletes are idempotent). */
  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM ${this.table} WHERE expires_at < now()`,
    );
    return Array.isArray(result) ? (result[1] ?? 0) : 0;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.purgeExpired().catch((e) => this.logger.warn(`nonce purge failed: ${(e as Error).message}`));
    }, 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
