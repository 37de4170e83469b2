import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemError } from '@lt/runtime';
import { AgencyAuthGuard, ClaimNonceInCommand } from '../../auth/agency-auth.guard';
import { AuthenticatedAgency, CallerAgency } from '../../auth/authenticated-agency';
import { ApiDoc, PROBLEM } from '../../openapi/api-doc.decorator';
import { GetDocumentUseCase } from '../get-document/get-document.use-case';
import { SubmissionOutcome, SubmitDocumentUseCase } from './submit-document.use-case';

/** The package bytes of a request, or the 415/400 problem. */
export function packageBytes(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) {
    throw new ProblemError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the package bytes, not JSON',
      'Hãy gửi nội dung gói tin, không phải JSON',
    );
  }
  if (body.length === 0) {
    throw new ProblemError(400, 'EMPTY_BODY', 'The request has no package', 'Yêu cầu không có gói tin');
  }
  return body;
}

/** 409 DUPLICATE_DOCUMENT: the package was submitted before, here is the original. */
export function duplicateProblem(outcome: Extract<SubmissionOutcome, { kind: 'duplicate' }>): ProblemError {
  return new ProblemError(
    409,
    'DUPLICATE_DOCUMENT',
    'This document was already submitted',
    'Văn bản này đã được gửi trước đó',
    `DocumentId ${outcome.senderDocumentId} was already submitted as ${outcome.documentId}`,
    { documentId: outcome.documentId, statusUrl: `/v1/documents/${outcome.documentId}` },
  );
}

/** The agencies' documents: submit one, read one's state. */
@Controller('v1/documents')
@UseGuards(AgencyAuthGuard)
export class SubmitDocumentHttpController {
  constructor(
    private readonly submit: SubmitDocumentUseCase,
    private readonly getDocument: GetDocumentUseCase,
  ) {}

  /**
   * `POST /v1/documents` with the `.edxml` package as the body (any content type but JSON).
   * 202 with the hub's document id; 400 empty body, 403 From ≠ caller, 409 duplicate (with the
   * original's id), 413 over MAX_PACKAGE_BYTES, 422 with the edXML problems.
   */
  @Post()
  @HttpCode(202)
  @ClaimNonceInCommand()
  @ApiDoc({
    summary: 'Submit a document package (.edxml)',
    description:
      'The package is parsed (lenient level); its From must be the caller. Same Idempotency-Key from the same agency → the same answer. The same sender DocumentId and business type again → 409 DUPLICATE_DOCUMENT with the original id.',
    tag: 'documents',
    auth: 'agency',
    headers: [
      {
        name: 'Idempotency-Key',
        description: '1-200 visible ASCII characters; answers are remembered IDEMPOTENCY_TTL_HOURS',
      },
    ],
    requestBody: { contentType: 'application/xml', description: 'The .edxml package bytes' },
    responses: {
      '202': {
        description: 'Accepted',
        schema: {
          type: 'object',
          properties: {
            documentId: { type: 'string', format: 'uuid' },
            sha256: { type: 'string' },
            status: { const: 'submitted' },
            statusUrl: { type: 'string' },
            warnings: { type: 'array', items: { type: 'object' } },
          },
        },
      },
      '400': PROBLEM,
      '401': PROBLEM,
      '403': PROBLEM,
      '409': PROBLEM,
      '413': PROBLEM,
      '422': PROBLEM,
      '429': PROBLEM,
    },
  })
  async submitDocument(
    @Body() body: unknown,
    @CallerAgency() caller: AuthenticatedAgency,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.submit.execute(packageBytes(body), {
      callerCode: caller.agencyCode,
      via: 'rest',
      idempotencyKey,
      replayClaim: caller.replayClaim,
    });
    if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
    if (outcome.kind === 'duplicate') throw duplicateProblem(outcome);
    return {
      documentId: outcome.documentId,
      sha256: outcome.sha256,
      status: 'submitted',
      statusUrl: `/v1/documents/${outcome.documentId}`,
      warnings: outcome.warnings,
    };
  }

  /** `GET /v1/documents/:id`: the state per recipient, for the sender or a recipient only. */
  @Get(':id')
  @ApiDoc({
    summary: "A document's state per recipient (delivered?, acknowledged?, latest status code)",
    description:
      'The sender sees every recipient, a recipient only itself; anyone else gets 404 DOCUMENT_NOT_FOUND.',
    tag: 'documents',
    auth: 'agency',
    responses: { '200': { description: 'State', schema: { type: 'object' } }, '404': PROBLEM },
  })
  documentState(@Param('id') id: string, @CallerAgency() caller: AuthenticatedAgency) {
    return this.getDocument.execute(id, caller.agencyCode);
  }
}
