import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ProblemError } from '@lt/runtime';
import { ApiDoc, PROBLEM } from '../../openapi/api-doc.decorator';
import { jsonObject, optionalString } from '../../http/json-body';
import { OperatorTokenGuard } from '../operator-token.guard';
import { ManageCredentialsUseCase } from './manage-credentials.use-case';

const ISSUED = {
  type: 'object',
  properties: {
    credentialId: { type: 'string' },
    systemId: { type: 'string' },
    agencyCode: { type: 'string' },
    secret: { type: 'string', description: 'Shown once; the hub keeps only its SHA-256' },
    previousSecretsExpireAt: { type: 'string', format: 'date-time' },
  },
};

/** Operators manage agency credentials: `/v1/operator/credentials` behind an operator bearer token. */
@Controller('v1/operator/credentials')
@UseGuards(OperatorTokenGuard)
export class ManageCredentialsHttpController {
  constructor(private readonly credentials: ManageCredentialsUseCase) {}

  /** `POST /v1/operator/credentials` `{agencyCode, systemId?, label?}` → 201 with the secret (shown once). */
  @Post()
  @HttpCode(201)
  @ApiDoc({
    summary: 'Issue a credential (system id + secret) to an agency',
    tag: 'operator',
    auth: 'operator',
    requestBody: {
      contentType: 'application/json',
      schema: {
        type: 'object',
        required: ['agencyCode'],
        properties: {
          agencyCode: { type: 'string' },
          systemId: { type: 'string' },
          label: { type: 'string' },
        },
      },
    },
    responses: { '201': { description: 'Issued', schema: ISSUED }, '400': PROBLEM, '409': PROBLEM },
  })
  issue(@Body() body: unknown) {
    const b = jsonObject(body, ['agencyCode', 'systemId', 'label']);
    const agencyCode = optionalString(b, 'agencyCode', 40);
    if (!agencyCode)
      throw new ProblemError(400, 'BODY_INVALID', 'agencyCode is required', 'Thiếu agencyCode');
    return this.credentials.issue({
      agencyCode,
      systemId: optionalString(b, 'systemId', 64),
      label: optionalString(b, 'label', 200),
    });
  }

  /** `GET /v1/operator/credentials?agencyCode=&systemId=` → every credential, without key material. */
  @Get()
  @ApiDoc({
    summary: 'List credentials (no secrets)',
    tag: 'operator',
    auth: 'operator',
    query: [
      { name: 'agencyCode', description: 'Only this agency' },
      { name: 'systemId', description: 'Only this system' },
    ],
    responses: {
      '200': {
        description: 'Credentials',
        schema: { type: 'object', properties: { items: { type: 'array' } } },
      },
    },
  })
  async list(@Query('agencyCode') agencyCode?: string, @Query('systemId') systemId?: string) {
    return { items: await this.credentials.list({ agencyCode, systemId }) };
  }

  /** `POST /v1/operator/credentials/:systemId/rotate` `{graceSeconds?}` → a new secret; old ones expire after the grace. */
  @Post(':systemId/rotate')
  @HttpCode(201)
  @ApiDoc({
    summary: 'Rotate: a new secret; the previous ones keep working for the grace period',
    tag: 'operator',
    auth: 'operator',
    requestBody: {
      contentType: 'application/json',
      required: false,
      schema: { type: 'object', properties: { graceSeconds: { type: 'integer', minimum: 0 } } },
    },
    responses: { '201': { description: 'Issued', schema: ISSUED }, '404': PROBLEM },
  })
  rotate(@Param('systemId') systemId: string, @Body() body: unknown) {
    const b = jsonObject(body, ['graceSeconds']);
    const grace = b.graceSeconds;
    if (
      grace !== undefined &&
      (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > 365 * 24 * 3600)
    ) {
      throw new ProblemError(
        400,
        'BODY_INVALID',
        'graceSeconds must be an integer from 0 to one year',
        'graceSeconds phải là số nguyên từ 0 đến một năm',
      );
    }
    return this.credentials.rotate(systemId, grace as number | undefined);
  }

  /** `POST /v1/operator/credentials/:systemId/revoke` `{credentialId?}` → revokes one secret or all. */
  @Post(':systemId/revoke')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Revoke one secret (credentialId) or every secret of a system',
    tag: 'operator',
    auth: 'operator',
    requestBody: {
      contentType: 'application/json',
      required: false,
      schema: { type: 'object', properties: { credentialId: { type: 'string', format: 'uuid' } } },
    },
    responses: {
      '200': {
        description: 'Revoked',
        schema: {
          type: 'object',
          properties: { systemId: { type: 'string' }, revoked: { type: 'integer' } },
        },
      },
      '404': PROBLEM,
    },
  })
  revoke(@Param('systemId') systemId: string, @Body() body: unknown) {
    const b = jsonObject(body, ['credentialId']);
    const credentialId = optionalString(b, 'credentialId', 36);
    if (credentialId !== undefined && !/^[0-9a-f-]{36}$/i.test(credentialId)) {
      throw new ProblemError(400, 'BODY_INVALID', 'credentialId must be a UUID', 'credentialId phải là UUID');
    }
    return this.credentials.revoke(systemId, credentialId);
  }
}
