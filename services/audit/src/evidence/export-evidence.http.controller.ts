import { Controller, Get, Inject, Param, Query, Req, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemError } from '@lt/runtime';
import { AuditorAuthGuard, Principal, RequireRole } from '../auth/auditor-auth.guard';
import { EventLogRepository } from '../event-log/event-log.repository';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository';
import { verifyChain } from '../integrity/chain-verifier';
import { textParam } from '../http/query-params';
import { EVIDENCE_SIGNER, EvidenceSigner } from './evidence-signer';

/** Above this many log rows between a document's first and last event, the bundle skips the range check. */
export const EVIDENCE_MAX_VERIFIED_RANGE = 200_000;

/** Signed evidence bundles for one document. */
@Controller('v1/audit')
@UseGuards(AuditorAuthGuard)
@RequireRole('auditor')
export class ExportEvidenceHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: EventLogRepository,
    private readonly lifecycles: LifecycleRepository,
    @Inject(EVIDENCE_SIGNER) private readonly signer: EvidenceSigner,
  ) {}

  /**
   * `GET /v1/audit/documents/:id/evidence[?sender=]`: `{bundle, signature}`: the document's events with
   * their chain links (content, prevHash, hash), the package digest, the signature evidence, the chain
   * verified over the document's range and the checkpoint covering it; signed with Ed25519 over the
   * bundle's canonical JSON.
   */
  @Get('documents/:id/evidence')
  async evidence(
    @Param('id') id: string,
    @Req() request: { principal?: Principal },
    @Query('sender') sender?: string,
  ) {
    if (!this.signer.configured)
      throw new ProblemError(
        503,
        'AUDIT_SIGNING_KEY_MISSING',
        'No evidence signing key is configured',
        'Chưa cấu hình khóa ký chứng cứ',
      );
    const documentId = await this.lifecycles.resolveOne(id, textParam('sender', sender));
    const lifecycle = documentId ? await this.lifecycles.lifecycle(documentId) : undefined;
    if (!documentId || !lifecycle)
      throw new ProblemError(
        404,
        'DOCUMENT_NOT_FOUND',
        'No lifecycle for this document',
        'Không có vòng đời cho văn bản này',
        id,
      );
    const positions = (await this.log.forDocument(documentId)).map((e) => e.position);
    const events = await this.log.proofs(positions);
    const first = positions[0];
    const last = positions[positions.length - 1];
    const verified =
      last - first < EVIDENCE_MAX_VERIFIED_RANGE
        ? await verifyChain(this.dataSource, { from: first, to: last })
        : { skipped: `range larger than ${EVIDENCE_MAX_VERIFIED_RANGE} rows: use /v1/audit/integrity` };
    const bundle = {
      format: 'lt-audit-evidence/1',
      generatedAt: new Date().toISOString(),
      generatedFor: request.principal?.label ?? 'unknown',
      documentId,
      packageDigest: lifecycle.submitted?.blob ?? null,
      signatureEvidence: lifecycle.signature ?? null,
      lifecycle,
      events,
      chain: {
        hashRule:
          'sha256(position + "\\n" + prevHash + "\\n" + content), content = canonical JSON of the event',
        verified,
        checkpoint: await this.log.checkpointCovering(last),
      },
    };
    return { bundle, signature: this.signer.sign(bundle) };
  }

  /** `GET /v1/audit/signing-key`: the public key that checks evidence bundles. */
  @Get('signing-key')
  signingKey() {
    if (!this.signer.configured)
      throw new ProblemError(
        503,
        'AUDIT_SIGNING_KEY_MISSING',
        'No evidence signing key is configured',
        'Chưa cấu hình khóa ký chứng cứ',
      );
    return { algorithm: 'Ed25519', keyId: this.signer.keyId(), publicKey: this.signer.publicKeyPem() };
  }
}
