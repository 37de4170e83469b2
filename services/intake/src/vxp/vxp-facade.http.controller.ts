import { Body, Controller, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { AGENCIES_SEARCH, AgenciesSearchReply } from '@lt/contracts';
import { QueryClient } from '@lt/messaging';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { AuthenticatedAgency, CallerAgency, header, IntakeRequest } from '../auth/authenticated-agency';
import { bodyDigest } from '../auth/request-signature';
import { DocumentRepository } from '../documents/document.repository';
import { packageBytes } from '../documents/submit-document/submit-document.http.controller';
import { SubmitDocumentUseCase } from '../documents/submit-document/submit-document.use-case';
import { fromNotCaller } from '../http/package-problems';
import { queryProblem } from '../http/query-problems';
import { InboxUseCases, MAX_INBOX_PAGE } from '../inbox/inbox.use-cases';
import { IntakeConfig } from '../intake.config';
import { ApiDoc, ApiOperation } from '../openapi/api-doc.decorator';
import { SubmitStatusUseCase } from '../statuses/submit-status/submit-status.use-case';
import { ok, VxpAnswerFilter } from './vxp-answer';
import { VxpAuthGuard } from './vxp-auth.guard';

/** A facade parameter: from the header the axis uses, or the query string. */
function param(request: IntakeRequest, name: string): string {
  const fromHeader = header(request, name);
  if (fromHeader) return fromHeader;
  const query = new URL(request.url, 'http://x').searchParams.get(name);
  return query ?? '';
}

const ANSWER = {
  description: 'Always HTTP 200 (429 when rate-limited): {status: OK|FAIL, ErrorCode, ErrorDesc, data}',
  schema: {
    type: 'object',
    properties: {
      status: { enum: ['OK', 'FAIL'] },
      ErrorCode: { type: 'integer' },
      ErrorDesc: { type: 'string' },
      data: {},
    },
  },
};

function facadeDoc(
  summary: string,
  headers: ApiOperation['headers'] = [],
  body?: ApiOperation['requestBody'],
): ApiOperation {
  return {
    summary,
    tag: 'vxp-facade',
    auth: 'vxp',
    headers: [
      { name: 'systemid', description: 'Credential system id', required: true },
      { name: 'timestamp', description: 'Unix seconds (or milliseconds)', required: true },
      { name: 'signature', description: 'HMAC-SHA256, see docs/intake-api.md', required: true },
      ...(headers ?? []),
    ],
    requestBody: body,
    responses: { '200': ANSWER },
  };
}

/**
 * The compatibility facade for agencies' existing software (the national axis' API, domain.md
 * section 5), mapped onto the native use cases: one pipeline, two dialects.
 */
@Controller('vxp')
@UseGuards(VxpAuthGuard)
@UseFilters(VxpAnswerFilter)
export class VxpFacadeHttpController {
  constructor(
    private readonly submitDocument: SubmitDocumentUseCase,
    private readonly submitStatus: SubmitStatusUseCase,
    private readonly inbox: InboxUseCases,
    private readonly documents: DocumentRepository,
    private readonly queries: QueryClient,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  /** `POST /vxp/sendEdoc`: a document (messagetype edoc, update, replacement, revocation) or a status. */
  @Post('sendEdoc')
  @HttpCode(200)
  @ApiDoc(
    facadeDoc(
      'Send a package (sendEdoc)',
      [
        { name: 'from', description: 'Sender code (must be the caller)' },
        { name: 'messagetype', description: 'edoc | status | update | replacement | revocation' },
        { name: 'hash-file', description: 'SHA-256 hex of the body, checked when present' },
        { name: 'idempotency-key', description: 'Optional, as in the native API' },
      ],
      { contentType: 'application/xml' },
    ),
  )
  async sendEdoc(
    @Body() body: unknown,
    @Req() request: IntakeRequest,
    @CallerAgency() caller: AuthenticatedAgency,
  ) {
    const bytes = packageBytes(body);
    const hashFile = param(request, 'hash-file').toLowerCase();
    if (hashFile && hashFile !== bodyDigest(bytes)) {
      throw new ProblemError(
        400,
        'HASH_FILE_MISMATCH',
        'hash-file does not match the body',
        'hash-file không khớp với nội dung gửi',
      );
    }
    const from = param(request, 'from');
    if (from && from !== caller.agencyCode) throw fromNotCaller(from, caller.agencyCode);
    const idempotencyKey = param(request, 'idempotency-key') || undefined;
    if (param(request, 'messagetype').toLowerCase() === 'status') {
      const status = await this.submitStatus.execute(bytes, {
        callerCode: caller.agencyCode,
        via: 'vxp',
        idempotencyKey,
      });
      return ok({ DocId: status.statusId, StatusCode: status.statusCode });
    }
    const outcome = await this.submitDocument.execute(bytes, {
      callerCode: caller.agencyCode,
      via: 'vxp',
      idempotencyKey,
    });
    if (outcome.kind === 'duplicate') {
      // Legacy clients resend after a timeout: the original's id is the answer they need.
      return ok(
        { DocId: outcome.documentId, Duplicate: true },
        'Văn bản đã được gửi trước đó / Already submitted',
      );
    }
    return ok({ DocId: outcome.documentId });
  }

  /** `POST /vxp/getReceivedEdocList` (messagetype edoc|status): what waits for the caller. */
  @Post('getReceivedEdocList')
  @HttpCode(200)
  @ApiDoc(
    facadeDoc('List received packages (getReceivedEdocList)', [
      { name: 'messagetype', description: 'edoc (default) or status' },
    ]),
  )
  async getReceivedEdocList(@Req() request: IntakeRequest, @CallerAgency() caller: AuthenticatedAgency) {
    const type = param(request, 'messagetype').toLowerCase() === 'status' ? 'status' : 'edoc';
    const page = await this.inbox.list(caller.agencyCode, { type, limit: MAX_INBOX_PAGE });
    return ok(
      page.items.map((i) => ({
        DocId: i.deliveryId,
        DocumentId: i.documentId,
        StatusId: i.statusId,
        From: i.senderCode,
        MessageType: i.type,
        Priority: i.priority,
        Created: i.queuedAt,
      })),
    );
  }

  /** `POST /vxp/getEdoc` (docid): the package, base64. */
  @Post('getEdoc')
  @HttpCode(200)
  @ApiDoc(
    facadeDoc('Download a received package (getEdoc)', [
      { name: 'docid', description: 'DocId from getReceivedEdocList', required: true },
    ]),
  )
  async getEdoc(@Req() request: IntakeRequest, @CallerAgency() caller: AuthenticatedAgency) {
    const { item, bytes } = await this.inbox.fetch(caller.agencyCode, this.docId(request));
    return ok({
      DocId: item.deliveryId,
      DocumentId: item.documentId,
      MessageType: item.type,
      From: item.senderCode,
      content: bytes.toString('base64'),
    });
  }

  /** `POST /vxp/updateStatus` (docid, status done|fail|processing): the transport acknowledgement. */
  @Post('updateStatus')
  @HttpCode(200)
  @ApiDoc(
    facadeDoc('Acknowledge a received package (updateStatus)', [
      { name: 'docid', description: 'DocId', required: true },
      { name: 'status', description: 'done | fail | processing', required: true },
      { name: 'reason', description: 'Why, for fail' },
    ]),
  )
  async updateStatus(@Req() request: IntakeRequest, @CallerAgency() caller: AuthenticatedAgency) {
    const docId = this.docId(request);
    const status = param(request, 'status').toLowerCase();
    // `processing` only says the agency is still working on the download: nothing changes.
    if (status === 'processing') return ok({ DocId: docId, status });
    const ack = await this.inbox.ack(
      caller.agencyCode,
      docId,
      status,
      param(request, 'reason') || (status === 'fail' ? 'fail' : undefined),
    );
    return ok({ DocId: ack.deliveryId, status: ack.outcome });
  }

  /** `POST /vxp/getSentEdocList`: what the caller sent, newest first (at most 100). */
  @Post('getSentEdocList')
  @HttpCode(200)
  @ApiDoc(facadeDoc('List sent documents (getSentEdocList)'))
  async getSentEdocList(@CallerAgency() caller: AuthenticatedAgency) {
    const sent = await this.documents.sentBy(caller.agencyCode, MAX_INBOX_PAGE);
    return ok(
      sent.map((d) => ({
        DocId: d.id,
        DocumentId: d.senderDocumentId,
        To: d.recipientCodes,
        Created: d.receivedAt.toISOString(),
      })),
    );
  }

  /** `POST /vxp/countReceiveEdoc` (messagetype): how many packages wait (counted up to 10 pages of 100). */
  @Post('countReceiveEdoc')
  @HttpCode(200)
  @ApiDoc(
    facadeDoc('Count waiting packages (countReceiveEdoc)', [
      { name: 'messagetype', description: 'edoc (default) or status' },
    ]),
  )
  async countReceiveEdoc(@Req() request: IntakeRequest, @CallerAgency() caller: AuthenticatedAgency) {
    const type = param(request, 'messagetype').toLowerCase() === 'status' ? 'status' : 'edoc';
    let total = 0;
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const reply = await this.inbox.list(caller.agencyCode, { type, after, limit: MAX_INBOX_PAGE });
      total += reply.items.length;
      after = reply.nextCursor;
      if (!after) break;
    }
    return ok({ total });
  }

  /** `POST /vxp/getAgenciesList` (q, parent): the directory. */
  @Post('getAgenciesList')
  @HttpCode(200)
  @ApiDoc(
    facadeDoc('List agencies (getAgenciesList)', [
      { name: 'q', description: 'Name words' },
      { name: 'parent', description: 'Parent code' },
    ]),
  )
  async getAgenciesList(@Req() request: IntakeRequest) {
    try {
      const reply = await this.queries.request<AgenciesSearchReply>(
        AGENCIES_SEARCH,
        {
          q: param(request, 'q') || undefined,
          parent: param(request, 'parent') || undefined,
          limit: MAX_INBOX_PAGE,
        },
        this.config.QUERY_TIMEOUT_MS,
      );
      return ok(
        reply.items.map((a) => ({ code: a.code, name: a.name, parent: a.parentCode, status: a.status })),
      );
    } catch (error) {
      return queryProblem(error);
    }
  }

  private docId(request: IntakeRequest): string {
    const docId = param(request, 'docid');
    if (!docId) throw new ProblemError(400, 'DOCID_REQUIRED', 'docid is required', 'Thiếu docid');
    return docId;
  }
}
