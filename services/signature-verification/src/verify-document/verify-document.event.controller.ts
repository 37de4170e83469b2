import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Counter, register } from 'prom-client';
import { createFollowUpEvent, DocumentSubmittedV1, EventEnvelope } from '@lt/contracts';
import { BLOB_STORE, BlobStore } from '@lt/blobs';
import { TransactionalOutbox } from '@lt/persistence';
import { InjectServiceConfig } from '@lt/runtime';
import { verifyPackageSignature, VerificationDeps } from '../verification';
import { AgencyPolicyRepository } from '../agency-policies/agency-policy.repository';
import { SignatureVerificationConfig } from '../signature-verification.config';
import { VERIFICATION_DEPS } from '../verification-dependencies';

const CONSUMER = 'signature-verification';

const verdicts =
  (register.getSingleMetric('lt_signature_verdicts_total') as Counter<string>) ??
  new Counter({
    name: 'lt_signature_verdicts_total',
    help: 'Signature verdicts',
    labelNames: ['outcome', 'reason', 'policy'],
  });

/**
 * Gives every submitted document exactly one signature verdict, with the evidence an auditor needs
 * to re-examine it. The policy comes from the sender's directory entry (or the configured default);
 * `optional` records a rejection without blocking (routing still routes it), `off` skips the check.
 */
@Controller()
export class VerifyDocumentEventController {
  constructor(
    private readonly outbox: TransactionalOutbox,
    private readonly policies: AgencyPolicyRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(VERIFICATION_DEPS) private readonly deps: VerificationDeps,
    @InjectServiceConfig() private readonly config: SignatureVerificationConfig,
  ) {}

  @EventPattern('document.submitted', { concurrency: 4 })
  async onDocumentSubmitted(
    @Payload() event: EventEnvelope<'document.submitted', DocumentSubmittedV1>,
  ): Promise<void> {
    const d = event.data;
    const policy = (await this.policies.policyOf(d.senderCode)) ?? this.config.SIGNATURE_POLICY_DEFAULT;
    const bytes = await this.blobs.get(d.blob.sha256);
    // Retried, then dead-lettered: the blob is stored before the event is published, so this is an outage.
    if (!bytes) throw new Error(`package blob ${d.blob.sha256} of document ${d.documentId} not found`);
    const verdict = await verifyPackageSignature(
      bytes,
      {
        senderCode: d.senderCode,
        policy,
        // Legacy RSA-SHA1 senders are the ones whose policy is optional, unless allowed for all.
        allowLegacySha1: this.config.ALLOW_LEGACY_SHA1 === 'true' || policy === 'optional',
        // Validity and revocation as of receipt, so a re-run gives the same answer.
        at: new Date(event.occurredAt),
      },
      this.deps,
    );
    const carried = {
      documentId: d.documentId,
      senderCode: d.senderCode,
      recipientCodes: d.recipientCodes,
      blob: d.blob,
      header: d.header,
    };
    const ran = await this.outbox.handleOnce(CONSUMER, event, async (m) => {
      await m.query(
        `INSERT INTO signature_verification.verdict (document_id, sender_code, outcome, reason, evidence)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (document_id) DO NOTHING`,
        [
          d.documentId,
          d.senderCode,
          verdict.outcome,
          verdict.outcome === 'rejected' ? verdict.reason : null,
          verdict.evidence,
        ],
      );
      return [
        verdict.outcome === 'verified'
          ? createFollowUpEvent(event, {
              type: 'document.signature-verified',
              aggregate: event.aggregate,
              actor: CONSUMER,
              data: { ...carried, evidence: verdict.evidence },
            })
          : createFollowUpEvent(event, {
              type: 'document.signature-rejected',
              aggregate: event.aggregate,
              actor: CONSUMER,
              data: {
                ...carried,
                reason: verdict.reason,
                detail: verdict.detail,
                evidence: verdict.evidence,
              },
            }),
      ];
    });
    if (ran) {
      verdicts.inc({
        outcome: verdict.outcome,
        reason: verdict.outcome === 'rejected' ? verdict.reason : 'none',
        policy,
      });
    }
  }
}
