import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgencyAuthGuard } from '../../auth/agency-auth.guard';
import { AuthenticatedAgency, CallerAgency } from '../../auth/authenticated-agency';
import { packageBytes } from '../../documents/submit-document/submit-document.http.controller';
import { ApiDoc, PROBLEM } from '../../openapi/api-doc.decorator';
import { SubmitStatusUseCase } from './submit-status.use-case';

/** Recipients report what happened to a document (status packages, codes 01-16). */
@Controller('v1/statuses')
@UseGuards(AgencyAuthGuard)
export class SubmitStatusHttpController {
  constructor(private readonly submit: SubmitStatusUseCase) {}

  /** `POST /v1/statuses` with a status package: 202; routed back to the document's sender. */
  @Post()
  @HttpCode(202)
  @ApiDoc({
    summary: 'Submit a status package (01 arrived … 06 completed, 13/15/16 recall)',
    tag: 'statuses',
    auth: 'agency',
    headers: [{ name: 'Idempotency-Key', description: 'As for documents' }],
    requestBody: { contentType: 'application/xml', description: 'The status .edxml package bytes' },
    responses: {
      '202': {
        description: 'Accepted',
        schema: {
          type: 'object',
          properties: { statusId: { type: 'string' }, statusCode: { type: 'string' } },
        },
      },
      '400': PROBLEM,
      '401': PROBLEM,
      '403': PROBLEM,
      '422': PROBLEM,
    },
  })
  async submitStatus(
    @Body() body: unknown,
    @CallerAgency() caller: AuthenticatedAgency,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { replayed, ...outcome } = await this.submit.execute(packageBytes(body), {
      callerCode: caller.agencyCode,
      via: 'rest',
      idempotencyKey,
    });
    if (replayed) reply.header('Idempotent-Replayed', 'true');
    return { ...outcome, status: 'submitted' };
  }
}
