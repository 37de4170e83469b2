import { randomBytes } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req, UseGuards } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { DeliveryConfig } from '../delivery.config';
import { OperatorAuthGuard } from '../operator/operator-auth.guard';
import { endpointProblem } from '../push/endpoint-policy';
import { AgencyEndpointRepository } from './agency-endpoint.repository';

const AGENCY_CODE = /^[A-Za-z0-9._-]{1,64}$/;
const SECRET_MIN = 32;
const SECRET_MAX = 256;

/**
 * Per-agency push endpoint and HMAC secret (behind operator tokens). Registering an endpoint makes
 * delivery push to the agency; the secret is shown once, when delivery generates it, and never again.
 */
@Controller('v1/operator/agencies')
@UseGuards(OperatorAuthGuard)
export class AgencyEndpointsHttpController {
  constructor(
    private readonly endpoints: AgencyEndpointRepository,
    @InjectServiceConfig() private readonly config: DeliveryConfig,
  ) {}

  /**
   * `PUT /v1/operator/agencies/:code/endpoint` `{url, secret?, rotateSecret?}`. Without a secret, an
   * existing one is kept, or one is generated (32 random bytes, base64url) and returned in `secret`.
   */
  @Put(':code/endpoint')
  async put(@Param('code') code: string, @Body() body: unknown, @Req() request: { operator: string }) {
    requireCode(code);
    const b = (body ?? {}) as { url?: unknown; secret?: unknown; rotateSecret?: unknown };
    if (typeof b.url !== 'string' || b.url.length > 2048) throw badRequest('url is required');
    const problem = endpointProblem(b.url, 'x', this.config.DELIVERY_ALLOW_HTTP_ENDPOINTS === 'true');
    if (problem) throw badRequest(problem);
    if (
      b.secret !== undefined &&
      (typeof b.secret !== 'string' || b.secret.length < SECRET_MIN || b.secret.length > SECRET_MAX)
    ) {
      throw badRequest(`secret must be ${SECRET_MIN} to ${SECRET_MAX} characters`);
    }
    let secret = b.secret as string | undefined;
    let generated = false;
    if (!secret && (b.rotateSecret === true || !(await this.endpoints.hasSecret(code)))) {
      secret = randomBytes(32).toString('base64url');
      generated = true;
    }
    await this.endpoints.upsert(code, b.url, secret ?? null, request.operator);
    const view = await this.endpoints.view(code);
    return { ...view, ...(generated ? { secret } : {}) };
  }

  /** `GET /v1/operator/agencies/:code/endpoint`: the endpoint and the agency's circuit (no secret). */
  @Get(':code/endpoint')
  async get(@Param('code') code: string) {
    requireCode(code);
    const view = await this.endpoints.view(code);
    if (!view) throw notFound(code);
    return view;
  }

  /** `DELETE /v1/operator/agencies/:code/endpoint`: the agency is no longer pushed to (new deliveries go to its inbox). */
  @Delete(':code/endpoint')
  @HttpCode(204)
  async remove(@Param('code') code: string): Promise<void> {
    requireCode(code);
    if (!(await this.endpoints.remove(code))) throw notFound(code);
  }
}

function requireCode(code: string): void {
  if (!AGENCY_CODE.test(code)) throw badRequest('agency code is not valid');
}

function badRequest(detail: string): ProblemError {
  return new ProblemError(
    400,
    'INVALID_OPERATOR_REQUEST',
    'The request is not valid',
    'Yêu cầu không hợp lệ',
    detail,
  );
}

function notFound(code: string): ProblemError {
  return new ProblemError(
    404,
    'AGENCY_ENDPOINT_NOT_FOUND',
    'No endpoint for this agency',
    'Cơ quan chưa có địa chỉ nhận',
    code,
  );
}
