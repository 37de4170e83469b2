import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { newEventId } from '@lt/contracts';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../../intake.config';
import { AgencyAuthenticator } from '../../auth/agency-authenticator';
import { CredentialRepository, CredentialView } from '../../auth/credential.repository';
import { signingKeyOf } from '../../auth/request-signature';

/** A secret as handed to an agency: shown once, never stored. */
export interface IssuedSecret {
  credentialId: string;
  systemId: string;
  agencyCode: string;
  secret: string;
  /** When the previous secrets of the system stop working (rotation only). */
  previousSecretsExpireAt?: string;
}

/** System ids are how agencies' systems name themselves in requests. */
export const SYSTEM_ID_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
/** Agency codes as the directory writes them (test gateways use codes outside the 13-character format). */
export const AGENCY_CODE_PATTERN = /^[A-Za-z0-9.]{3,40}$/;

function newSecret(): string {
  return `ltsk_${randomBytes(32).toString('base64url')}`;
}

/** Issues, lists, rotates and revokes agency credentials (the operator API and command). */
@Injectable()
export class ManageCredentialsUseCase {
  constructor(
    private readonly credentials: CredentialRepository,
    private readonly authenticator: AgencyAuthenticator,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  /** A new system for an agency (or a given system id, e.g. the demo seed), with its first secret. */
  async issue(input: {
    agencyCode: string;
    systemId?: string;
    label?: string;
    secret?: string;
  }): Promise<IssuedSecret> {
    if (!AGENCY_CODE_PATTERN.test(input.agencyCode ?? '')) {
      throw new ProblemError(
        400,
        'AGENCY_CODE_INVALID',
        'Invalid agency code',
        'Mã định danh cơ quan không hợp lệ',
      );
    }
    const systemId = input.systemId ?? `sys-${randomBytes(6).toString('hex')}`;
    if (!SYSTEM_ID_PATTERN.test(systemId)) {
      throw new ProblemError(
        400,
        'SYSTEM_ID_INVALID',
        'Invalid system id',
        'Mã hệ thống không hợp lệ',
        `${SYSTEM_ID_PATTERN}`,
      );
    }
    if (input.secret !== undefined && input.secret.length < 24) {
      throw new ProblemError(
        400,
        'SECRET_TOO_SHORT',
        'A given secret needs at least 24 characters',
        'Khóa bí mật cần ít nhất 24 ký tự',
      );
    }
    const existing = await this.credentials.list({ systemId });
    if (existing.some((c) => c.agencyCode !== input.agencyCode)) {
      throw new ProblemError(
        409,
        'SYSTEM_ID_TAKEN',
        'The system id belongs to another agency',
        'Mã hệ thống đã thuộc về cơ quan khác',
      );
    }
    if (existing.some((c) => c.active)) {
      throw new ProblemError(
        409,
        'SYSTEM_ID_ACTIVE',
        'The system already has an active secret: rotate it',
        'Hệ thống đã có khóa đang hiệu lực: hãy dùng chức năng xoay khóa',
      );
    }
    return this.addSecret(systemId, input.agencyCode, input.label, input.secret);
  }

  /** A new secret for the system; the old ones keep working for the configured grace period. */
  async rotate(
    systemId: string,
    graceSeconds = this.config.CREDENTIAL_ROTATION_GRACE_SECONDS,
  ): Promise<IssuedSecret> {
    const active = (await this.credentials.list({ systemId })).filter((c) => c.active);
    if (active.length === 0) throw this.notFound(systemId);
    const expiresAt = new Date(Date.now() + graceSeconds * 1000);
    await this.credentials.expireOpenSecrets(systemId, expiresAt);
    const issued = await this.addSecret(systemId, active[0].agencyCode, active[0].label ?? undefined);
    return { ...issued, previousSecretsExpireAt: expiresAt.toISOString() };
  }

  /** Revokes one secret (credentialId) or all of the system's; takes effect within the auth cache time. */
  async revoke(systemId: string, credentialId?: string): Promise<{ systemId: string; revoked: number }> {
    const revoked = await this.credentials.revoke({ systemId, credentialId });
    if (revoked === 0) throw this.notFound(systemId);
    this.authenticator.forget(systemId);
    return { systemId, revoked };
  }

  list(filter: { agencyCode?: string; systemId?: string }): Promise<CredentialView[]> {
    return this.credentials.list(filter);
  }

  private async addSecret(
    systemId: string,
    agencyCode: string,
    label?: string,
    given?: string,
  ): Promise<IssuedSecret> {
    const secret = given ?? newSecret();
    const stored = await this.credentials.insert({
      id: newEventId(),
      systemId,
      agencyCode,
      signingKey: signingKeyOf(secret),
      label: label ?? null,
      expiresAt: null,
    });
    this.authenticator.forget(systemId);
    return { credentialId: stored.id, systemId, agencyCode, secret };
  }

  private notFound(systemId: string): ProblemError {
    return new ProblemError(
      404,
      'CREDENTIAL_NOT_FOUND',
      'No active credential for this system',
      'Không có khóa đang hiệu lực cho hệ thống này',
      systemId,
    );
  }
}
