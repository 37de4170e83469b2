import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { T } from '../deliveries/delivery-row';
import { rowsOf } from '../deliveries/sql-rows';

export interface AgencyEndpointView {
  agencyCode: string;
  url: string | null;
  updatedBy: string;
  updatedAt: string;
  circuit: { consecutiveFailures: number; openUntil: string | null };
}

/** Per-agency push endpoints and signing secrets kept by delivery (the secret is never read back out). */
@Injectable()
export class AgencyEndpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  async upsert(agencyCode: string, url: string, secret: string | null, updatedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${T.endpoint} (agency_code, url, secret, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (agency_code) DO UPDATE SET url = $2, secret = COALESCE($3, ${T.endpoint}.secret),
         updated_by = $4, updated_at = clock_timestamp()`,
      [agencyCode, url, secret, updatedBy],
    );
  }

  /** Whether the agency already has a secret (so an update may keep it). */
  async hasSecret(agencyCode: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${T.endpoint} WHERE agency_code = $1`,
      [agencyCode],
    );
    return rows.length > 0;
  }

  async view(agencyCode: string): Promise<AgencyEndpointView | undefined> {
    const rows: Array<{
      url: string | null;
      updated_by: string;
      updated_at: Date;
      consecutive_failures: number | null;
      open_until: Date | null;
    }> = await this.dataSource.query(
      `SELECT e.url, e.updated_by, e.updated_at, c.consecutive_failures, c.open_until
       FROM ${T.endpoint} e LEFT JOIN ${T.circuit} c ON c.agency_code = e.agency_code WHERE e.agency_code = $1`,
      [agencyCode],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      agencyCode,
      url: row.url,
      updatedBy: row.updated_by,
      updatedAt: new Date(row.updated_at).toISOString(),
      circuit: {
        consecutiveFailures: row.consecutive_failures ?? 0,
        openUntil: row.open_until ? new Date(row.open_until).toISOString() : null,
      },
    };
  }

  async remove(agencyCode: string): Promise<boolean> {
    const rows = rowsOf<unknown>(
      await this.dataSource.query(`DELETE FROM ${T.endpoint} WHERE agency_code = $1 RETURNING 1`, [
        agencyCode,
      ]),
    );
    return rows.length > 0;
  }
}
