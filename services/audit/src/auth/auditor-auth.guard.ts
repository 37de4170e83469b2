import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { AuditConfig } from '../audit.config';

export type AuditRole = 'auditor' | 'operator';

const ROLE_KEY = 'lt-audit-role';

/** Marks a controller or route as needing `role` (auditors read; operators run rebuilds). */
export const RequireRole = (role: AuditRole) => SetMetadata(ROLE_KEY, role);

export interface Principal {
  label: string;
  role: AuditRole;
}

interface AuditRequest {
  method: string;
  url: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Bearer-token authentication for `/v1/audit`. A token is accepted when its SHA-256 is listed in
 * AUDITOR_TOKEN_HASHES or OPERATOR_TOKEN_HASHES; anything else (an agency's credentials, no header)
 * is 401. Every request, allowed or denied, is appended to `audit.access_log` before it is answered,
 * so the auditors' own queries are themselves audited.
 */
@Injectable()
export class AuditorAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    @InjectServiceConfig() private readonly config: AuditConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required =
      this.reflector.getAllAndOverride<AuditRole>(ROLE_KEY, [context.getHandler(), context.getClass()]) ??
      'auditor';
    const request = context.switchToHttp().getRequest<AuditRequest>();
    const principal = this.authenticate(request.headers.authorization);
    const decision = !principal
      ? 'denied:unauthenticated'
      : principal.role !== required
        ? 'denied:role'
        : 'allowed';
    await this.dataSource.query(
      `INSERT INTO audit.access_log (principal, role, method, path, decision, remote_address) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        principal?.label ?? 'anonymous',
        principal?.role ?? 'none',
        request.method,
        request.url.slice(0, 2000),
        decision,
        request.ip ?? null,
      ],
    );
    if (!principal)
      throw new ProblemError(
        401,
        'AUDIT_UNAUTHENTICATED',
        'Auditor credentials are required',
        'Cần thông tin xác thực của kiểm toán viên',
      );
    if (decision === 'denied:role')
      throw new ProblemError(
        403,
        'AUDIT_FORBIDDEN',
        `This operation needs the ${required} role`,
        `Thao tác này cần quyền ${required === 'operator' ? 'vận hành' : 'kiểm toán'}`,
      );
    request.principal = principal;
    return true;
  }

  private authenticate(header: string | string[] | undefined): Principal | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
    if (!match) return undefined;
    const hash = createHash('sha256').update(match[1]).digest('hex');
    const auditor = this.config.AUDITOR_TOKEN_HASHES.get(hash);
    if (auditor) return { label: auditor, role: 'auditor' };
    const operator = this.config.OPERATOR_TOKEN_HASHES.get(hash);
    if (operator) return { label: operator, role: 'operator' };
    return undefined;
  }
}
