import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AgenciesLookupReply,
  AgenciesLookupRequest,
  AgenciesSearchReply,
  AgenciesSearchRequest,
} from '@lt/contracts';
import { InjectServiceConfig } from '@lt/runtime';
import { RoutingConfig } from '../routing.config';
import { AgencyDirectoryRepository } from '../directory/agency-directory.repository';
import { DirectoryCache } from '../directory/directory-cache';
import { isIsoDate, vietnamToday } from '../directory/calendar';
import { searchWords } from '../directory/fold-vietnamese';
import { AGENCY_LEVELS } from '../directory/validate-agency';

/** A query the directory cannot answer as asked; `code` travels to the asking service. */
export class DirectoryQueryError extends Error {
  override readonly name = 'DirectoryQueryError';
  constructor(
    readonly code: 'INVALID_QUERY',
    message: string,
  ) {
    super(message);
  }
}

const STATUSES = ['active', 'suspended', 'retired'];
/** Longest search text accepted: names are at most 200 characters. */
const MAX_QUERY_LENGTH = 200;

/** The directory's read side, shared by the operator API and the NATS queries. */
@Injectable()
export class DirectoryQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AgencyDirectoryRepository,
    private readonly cache: DirectoryCache,
    @InjectServiceConfig() private readonly config: RoutingConfig,
  ) {}

  /** The date a query is about: `asOf` when given (yyyy-mm-dd), else today in Vietnam. */
  asOf(value: unknown): string {
    if (value === undefined || value === null || value === '') return vietnamToday();
    if (!isIsoDate(value)) throw new DirectoryQueryError('INVALID_QUERY', 'asOf must be a date yyyy-mm-dd');
    return value;
  }

  /** One agency as of a date, or null. */
  async lookup(request: AgenciesLookupRequest): Promise<AgenciesLookupReply> {
    if (typeof request?.code !== 'string' || request.code.length === 0 || request.code.length > 64) {
      throw new DirectoryQueryError('INVALID_QUERY', 'code is required');
    }
    const asOf = this.asOf(request.asOf);
    const directory = await this.cache.open(this.dataSource);
    return (await directory.viewsAsOf([request.code], asOf)).get(request.code) ?? null;
  }

  /** Agencies matching every word of `q` (with or without diacritics) and the filters, by name. */
  async search(request: AgenciesSearchRequest & { asOf?: string }): Promise<AgenciesSearchReply> {
    const max = this.config.DIRECTORY_SEARCH_MAX_LIMIT;
    const limit = request.limit ?? Math.min(20, max);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) {
      throw new DirectoryQueryError('INVALID_QUERY', `limit must be an integer from 1 to ${max}`);
    }
    if (request.q !== undefined && (typeof request.q !== 'string' || request.q.length > MAX_QUERY_LENGTH)) {
      throw new DirectoryQueryError(
        'INVALID_QUERY',
        `q must be text of at most ${MAX_QUERY_LENGTH} characters`,
      );
    }
    if (request.level !== undefined && !AGENCY_LEVELS.includes(request.level)) {
      throw new DirectoryQueryError('INVALID_QUERY', `level must be one of ${AGENCY_LEVELS.join(', ')}`);
    }
    if (request.status !== undefined && !STATUSES.includes(request.status)) {
      throw new DirectoryQueryError('INVALID_QUERY', `status must be one of ${STATUSES.join(', ')}`);
    }
    const page = await this.directory.search(this.dataSource, {
      words: searchWords(request.q ?? ''),
      level: request.level,
      parent: request.parent,
      status: request.status,
      asOf: this.asOf(request.asOf),
      limit,
      after: request.cursor ? decodeCursor(request.cursor) : undefined,
    });
    return { items: page.items, ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}) };
  }
}

function encodeCursor(last: [string, string]): string {
  return Buffer.from(JSON.stringify(last), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'))
      return v as [string, string];
  } catch {
    // answered below
  }
  throw new DirectoryQueryError('INVALID_QUERY', 'cursor is not one this service issued');
}
