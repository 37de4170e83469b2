import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { AgencyView } from '@lt/contracts';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { DataSource } from 'typeorm';
import { RoutingConfig } from '../routing.config';
import { AgencyDirectoryRepository } from '../directory/agency-directory.repository';
import { vietnamToday } from '../directory/calendar';
import { DirectoryWriter } from '../directory/directory-writer';
import {
  planMerger,
  planRegistration,
  planReinstatement,
  planRetirement,
  planSuspension,
  planUpdate,
} from '../directory/plan-agency-changes';
import { readAgencyChanges, readAgencyProfile, readDate, readReason } from '../directory/validate-agency';
import { parentAgencyCode } from '@lt/edxml';
import { DirectoryQueries } from '../directory-queries/directory-queries';
import { answeringRuleErrors } from './directory-problem';
import { OperatorRequest, OperatorTokenGuard } from './operator-token.guard';

type Body = Record<string, unknown>;

function asBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemError(
      400,
      'BAD_REQUEST',
      'The request is malformed',
      'Yêu cầu không hợp lệ',
      'a JSON object is expected',
    );
  }
  return body as Body;
}

const eventsOut = (events: Array<{ id: string; type: string; data: unknown }>) => ({
  events: events.map((e) => ({ id: e.id, type: e.type, data: e.data })),
});

/**
 * The operator API for the agency directory (routing's own port, under /v1/operator; operator bearer
 * token required). Reads take `asOf` (yyyy-mm-dd, default today in Vietnam); changes take effect on
 * `effectiveFrom` (default today) and answer the events they recorded.
 */
@Controller('v1/operator/agencies')
@UseGuards(OperatorTokenGuard)
export class OperatorAgenciesHttpController {
  constructor(
    private readonly writer: DirectoryWriter,
    private readonly directory: AgencyDirectoryRepository,
    private readonly queries: DirectoryQueries,
    private readonly dataSource: DataSource,
    @InjectServiceConfig() private readonly config: RoutingConfig,
  ) {}

  /** Searches by name (with or without diacritics), level, parent, status; paged by cursor. */
  @Get()
  search(@Query() query: Record<string, string | undefined>) {
    return answeringRuleErrors(() =>
      this.queries.search({
        q: query.q,
        level: query.level as never,
        parent: query.parent,
        status: query.status as never,
        limit: query.limit === undefined ? undefined : Number(query.limit),
        cursor: query.cursor,
        asOf: query.asOf,
      } as never),
    );
  }

  /** Registers an agency. 201 with the agency.registered event. */
  @Post()
  @HttpCode(201)
  register(@Body() body: unknown, @Req() req: OperatorRequest) {
    return answeringRuleErrors(async () => {
      const profile = readAgencyProfile(asBody(body), this.config.AGENCY_CODE_POLICY, vietnamToday());
      const related = [profile.code, profile.parentCode, parentAgencyCode(profile.code)].filter(
        (c): c is string => !!c,
      );
      const events = await this.writer.change(
        req.operator!,
        (latest) => [planRegistration((c) => latest.get(c), profile)],
        related,
      );
      return eventsOut(events);
    });
  }

  /** Merges agencies: `{ mergedCodes, intoCode, effectiveFrom }`. */
  @Post('merge')
  merge(@Body() body: unknown, @Req() req: OperatorRequest) {
    return answeringRuleErrors(async () => {
      const b = asBody(body);
      const mergedCodes = Array.isArray(b.mergedCodes) ? b.mergedCodes.map(String) : [];
      const intoCode = String(b.intoCode ?? '');
      const effectiveFrom = readDate(b.effectiveFrom, 'effectiveFrom') ?? vietnamToday();
      const events = await this.writer.change(
        req.operator!,
        (latest) => [planMerger((c) => latest.get(c), mergedCodes, intoCode, effectiveFrom)],
        [...mergedCodes, intoCode],
      );
      return eventsOut(events);
    });
  }

  /** One agency as of a date (404 when it did not exist then). */
  @Get(':code')
  async get(@Param('code') code: string, @Query('asOf') asOf?: string) {
    const found = await answeringRuleErrors(() => this.queries.lookup({ code, asOf }));
    if (!found) throw notFound(code);
    return found;
  }

  /** Every version of an agency, oldest first, with the dates each was valid. */
  @Get(':code/history')
  async history(@Param('code') code: string) {
    const versions = await this.directory.history(this.dataSource, code);
    if (versions.length === 0) throw notFound(code);
    return { code, versions };
  }

  @Get(':code/children')
  async children(
    @Param('code') code: string,
    @Query('asOf') asOf?: string,
  ): Promise<{ items: AgencyView[] }> {
    const date = await answeringRuleErrors(async () => this.queries.asOf(asOf));
    return { items: await this.directory.children(this.dataSource, code, date) };
  }

  /** Parent, grandparent, ... nearest first. */
  @Get(':code/ancestors')
  async ancestors(
    @Param('code') code: string,
    @Query('asOf') asOf?: string,
  ): Promise<{ items: AgencyView[] }> {
    const date = await answeringRuleErrors(async () => this.queries.asOf(asOf));
    return { items: await this.directory.ancestors(this.dataSource, code, date) };
  }

  /** Changes details: `{ changes: {...}, effectiveFrom? }`. */
  @Patch(':code')
  update(@Param('code') code: string, @Body() body: unknown, @Req() req: OperatorRequest) {
    return answeringRuleErrors(async () => {
      const b = asBody(body);
      const changes = readAgencyChanges(b.changes);
      const effectiveFrom = readDate(b.effectiveFrom, 'effectiveFrom') ?? vietnamToday();
      const related = [code, changes.parentCode].filter((c): c is string => !!c);
      return eventsOut(
        await this.writer.change(
          req.operator!,
          (latest) => [planUpdate((c) => latest.get(c), code, changes, effectiveFrom)],
          related,
        ),
      );
    });
  }

  /** `{ reason, effectiveFrom? }`: the agency may not send or receive until reinstated. */
  @Post(':code/suspend')
  suspend(@Param('code') code: string, @Body() body: unknown, @Req() req: OperatorRequest) {
    return answeringRuleErrors(async () => {
      const b = asBody(body);
      const reason = readReason(b.reason) ?? 'suspended by operator';
      const effectiveFrom = readDate(b.effectiveFrom, 'effectiveFrom') ?? vietnamToday();
      return eventsOut(
        await this.writer.change(
          req.operator!,
          (latest) => [planSuspension((c) => latest.get(c), code, reason, effectiveFrom)],
          [code],
        ),
      );
    });
  }

  @Post(':code/reinstate')
  reinstate(@Param('code') code: string, @Body() body: unknown, @Req() req: OperatorRequest) {
    return answeringRuleErrors(async () => {
      const b = body === undefined || body === null ? {} : asBody(body);
      const effectiveFrom = readDate(b.effectiveFrom, 'effectiveFrom') ?? vietnamToday();
      return eventsOut(
        await this.writer.change(
          req.operator!,
          (latest) => [planReinstatement((c) => latest.get(c), code, effectiveFrom)],
          [code],
        ),
      );
    });
  }

  /** `{ validTo, successorCode?, reason? }`: validTo is the code's last valid day. */
  @Post(':code/retire')
  retire(@Param('code') code: string, @Body() body: unknown, @Req() req: OperatorRequest) {
    return answeringRuleErrors(async () => {
      const b = asBody(body);
      const validTo = readDate(b.validTo, 'validTo', true)!;
      const successorCode = typeof b.successorCode === 'string' ? b.successorCode : undefined;
      const reason = readReason(b.reason);
      return eventsOut(
        await this.writer.change(
          req.operator!,
          (latest) => [planRetirement((c) => latest.get(c), code, validTo, successorCode, reason)],
          [code, ...(successorCode ? [successorCode] : [])],
        ),
      );
    });
  }
}

function notFound(code: string): ProblemError {
  return new ProblemError(
    404,
    'AGENCY_UNKNOWN',
    'No agency has this code',
    'Không tìm thấy cơ quan có mã định danh này',
    `no agency ${code} on that date`,
  );
}
