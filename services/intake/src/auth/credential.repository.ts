import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One secret of an agency system, as stored: the signing key (SHA-256 of the secret), never the secret. */
export interface StoredCredential {
  id: string;
  systemId: string;
  agencyCode: string;
  signingKey: Buffer;
  label: string | null;
  createdAt: Date;
  /** Set on rotation: the secret keeps working until then. */
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A credential as operators see it: no key material. */
export type CredentialView = Omit<StoredCredential, 'signingKey'> & { active: boolean };

interface Row {
  id: string;
  system_id: string;
  agency_code: string;
  signing_key: Buffer;
  label: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

function fromRow(r: Row): StoredCredential {
  return {
    id: r.id,
    systemId: r.system_id,
    agencyCode: r.agency_code,
    signingKey: r.signing_key,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** Agency credentials in `intake.agency_credential`. */
@Injectable()
export class CredentialRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    return `"${(this.dataSource.options as { schema?: string }).schema ?? 'public'}".agency_credential`;
  }

  /** The secrets of a system that still work now (not revoked, not past their rotation grace). */
  async activeForSystem(systemId: string): Promise<StoredCredential[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM ${this.table} WHERE system_id = $1 AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at DESC`,
      [systemId],
    );
    return rows.map(fromRow);
  }

  async insert(c: Omit<StoredCredential, 'createdAt' | 'revokedAt'>): Promise<StoredCredential> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO ${this.table} (id, system_id, agency_code, signing_key, label, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [c.id, c.systemId, c.agencyCode, c.signingKey, c.label, c.expiresAt],
    );
    return fromRow(rows[0]);
  }

  async list(filter: { agencyCode?: string; systemId?: string }): Promise<CredentialView[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM ${this.table} WHERE ($1::text IS NULL OR agency_code = $1)
       AND ($2::text IS NULL OR system_id = $2) ORDER BY agency_code, system_id, created_at`,
      [filter.agencyCode ?? null, filter.systemId ?? null],
    );
    const now = Date.now();
    return rows.map((r) => {
      const { signingKey: _key, ...view } = fromRow(r);
      const active = !view.revokedAt && (!view.expiresAt || view.expiresAt.getTime() > now);
      return { ...view, active };
    });
  }

  /** Limits every still-open secret of the system to expire at `expiresAt` (rotation). */
  async expireOpenSecrets(systemId: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET expires_at = $2 WHERE system_id = $1 AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > $2)`,
      [systemId, expiresAt],
    );
  }

  /** Revokes one secret (by credential id) or every secret of a system; returns how many. */
  async revoke(filter: { systemId: string; credentialId?: string }): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE ${this.table} SET revoked_at = now() WHERE system_id = $1 AND revoked_at IS NULL
       AND ($2::uuid IS NULL OR id = $2) RETURNING id`,
      [filter.systemId, filter.credentialId ?? null],
    );
    return (rows[0] as unknown[] | undefined)?.length ?? 0;
  }
}
