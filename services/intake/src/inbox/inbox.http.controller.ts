import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemError } from '@lt/runtime';
import { AgencyAuthGuard } from '../auth/agency-auth.guard';
import { AuthenticatedAgency, CallerAgency } from '../auth/authenticated-agency';
import { jsonObject, optionalString } from '../http/json-body';
import { ApiDoc, PROBLEM } from '../openapi/api-doc.decorator';
import { InboxUseCases } from './inbox.use-cases';

/** What waits for the caller: list, download, acknowledge. */
@Controller('v1/inbox')
@UseGuards(AgencyAuthGuard)
export class InboxHttpController {
  constructor(private readonly inbox: InboxUseCases) {}

  /** `GET /v1/inbox?type=edoc|status&after=cursor&limit=`: documents and statuses waiting for the caller. */
  @Get()
  @ApiDoc({
    summary: 'Documents and statuses waiting for the caller',
    tag: 'inbox',
    auth: 'agency',
    query: [
      { name: 'type', description: 'edoc or status', schema: { enum: ['edoc', 'status'] } },
      { name: 'after', description: 'The nextCursor of the previous page' },
      { name: 'limit', description: '1-100, default 100', schema: { type: 'integer' } },
    ],
    responses: {
      '200': {
        description: 'A page',
        schema: { type: 'object', properties: { items: { type: 'array' }, nextCursor: { type: 'string' } } },
      },
      '400': PROBLEM,
      '503': PROBLEM,
    },
  })
  list(
    @CallerAgency() caller: AuthenticatedAgency,
    @Query('type') type?: string,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
  ) {
    if (limit !== undefined && !/^\d{1,6}$/.test(limit)) {
      throw new ProblemError(400, 'LIMIT_INVALID', 'limit must be a number', 'limit phải là số');
    }
    return this.inbox.list(caller.agencyCode, {
      type,
      after,
      limit: limit === undefined ? undefined : Number(limit),
    });
  }

  /** `GET /v1/inbox/:id/package`: the package bytes (application/xml); the item is hidden until acked. */
  @Get(':id/package')
  @ApiDoc({
    summary: 'Download a waiting package',
    tag: 'inbox',
    auth: 'agency',
    responses: {
      '200': {
        description: 'The .edxml bytes',
        contentType: 'application/xml',
        schema: { type: 'string', format: 'binary' },
      },
      '404': PROBLEM,
    },
  })
  async fetchPackage(
    @Param('id') id: string,
    @CallerAgency() caller: AuthenticatedAgency,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { item, bytes } = await this.inbox.fetch(caller.agencyCode, id);
    reply.header('Content-Type', 'application/xml; charset=utf-8');
    reply.header('X-LT-Document-Id', item.documentId);
    reply.header('X-LT-Item-Type', item.type);
    reply.header('X-LT-Sha256', item.blob.sha256);
    return bytes;
  }

  /** `POST /v1/inbox/:id/ack` `{outcome: done|fail, reason?}`: the transport acknowledgement. */
  @Post(':id/ack')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Acknowledge a downloaded package (transport acknowledgement, not a business status)',
    tag: 'inbox',
    auth: 'agency',
    requestBody: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        required: ['outcome'],
        properties: { outcome: { enum: ['done', 'fail'] }, reason: { type: 'string' } },
      },
    },
    responses: {
      '200': { description: 'Acknowledged', schema: { type: 'object' } },
      '400': PROBLEM,
      '404': PROBLEM,
    },
  })
  ack(@Param('id') id: string, @Body() body: unknown, @CallerAgency() caller: AuthenticatedAgency) {
    const b = jsonObject(body, ['outcome', 'reason']);
    return this.inbox.ack(
      caller.agencyCode,
      id,
      optionalString(b, 'outcome', 10) ?? '',
      optionalString(b, 'reason', 500),
    );
  }
}
