import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import {
  AGENCIES_LOOKUP,
  AGENCIES_SEARCH,
  AgenciesLookupReply,
  AgenciesSearchReply,
  AgenciesSearchRequest,
  AgencyLevel,
} from '@lt/contracts';
import { QueryClient } from '@lt/messaging';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { AgencyAuthGuard } from '../auth/agency-auth.guard';
import { IntakeConfig } from '../intake.config';
import { queryProblem } from '../http/query-problems';
import { ApiDoc, PROBLEM } from '../openapi/api-doc.decorator';

/** Directory lookups for agencies' software (routing owns the directory). */
@Controller('v1/agencies')
@UseGuards(AgencyAuthGuard)
export class AgenciesHttpController {
  constructor(
    private readonly queries: QueryClient,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  /** `GET /v1/agencies?q=&level=&parent=&limit=&cursor=`: search the directory. */
  @Get()
  @ApiDoc({
    summary: 'Search the agency directory',
    tag: 'agencies',
    auth: 'agency',
    query: [
      { name: 'q', description: 'Words of the name, with or without diacritics' },
      { name: 'level', description: 'Administrative level' },
      { name: 'parent', description: 'Parent agency code' },
      { name: 'limit', description: 'Page size', schema: { type: 'integer' } },
      { name: 'cursor', description: 'nextCursor of the previous page' },
    ],
    responses: { '200': { description: 'A page of agencies', schema: { type: 'object' } }, '503': PROBLEM },
  })
  search(
    @Query('q') q?: string,
    @Query('level') level?: string,
    @Query('parent') parent?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    if (limit !== undefined && !/^\d{1,4}$/.test(limit))
      throw new ProblemError(400, 'LIMIT_INVALID', 'limit must be a number', 'limit phải là số');
    const request: AgenciesSearchRequest = {
      q,
      level: level as AgencyLevel | undefined,
      parent,
      limit: limit === undefined ? undefined : Number(limit),
      cursor,
    };
    return this.ask<AgenciesSearchReply>(AGENCIES_SEARCH, request);
  }

  /** `GET /v1/agencies/:code`: one agency as the directory shows it today. */
  @Get(':code')
  @ApiDoc({
    summary: 'One agency by code',
    tag: 'agencies',
    auth: 'agency',
    responses: { '200': { description: 'The agency', schema: { type: 'object' } }, '404': PROBLEM },
  })
  async lookup(@Param('code') code: string) {
    const agency = await this.ask<AgenciesLookupReply>(AGENCIES_LOOKUP, { code });
    if (!agency)
      throw new ProblemError(404, 'AGENCY_NOT_FOUND', 'No such agency', 'Không có cơ quan này', code);
    return agency;
  }

  private async ask<T>(name: string, payload: unknown): Promise<T> {
    try {
      return await this.queries.request<T>(name, payload, this.config.QUERY_TIMEOUT_MS);
    } catch (error) {
      return queryProblem(error);
    }
  }
}
