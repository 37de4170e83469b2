import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AGENCIES_LOOKUP,
  AGENCIES_SEARCH,
  AgenciesLookupReply,
  AgenciesLookupRequest,
  AgenciesSearchReply,
  AgenciesSearchRequest,
} from '@lt/contracts';
import { DirectoryQueries } from './directory-queries';

/**
 * The directory over NATS request-reply, for the other services (intake checks senders and
 * recipients, signature verification reads signature policies). Errors carry the code INVALID_QUERY.
 */
@Controller()
export class AgenciesQueryController {
  constructor(private readonly queries: DirectoryQueries) {}

  /** `agencies.lookup { code, asOf? }` → the agency as of the date, or null. */
  @MessagePattern(AGENCIES_LOOKUP)
  lookup(@Payload() request: AgenciesLookupRequest): Promise<AgenciesLookupReply> {
    return this.queries.lookup(request);
  }

  /** `agencies.search { q?, level?, parent?, status?, limit?, cursor? }` → a page of agencies. */
  @MessagePattern(AGENCIES_SEARCH)
  search(@Payload() request: AgenciesSearchRequest): Promise<AgenciesSearchReply> {
    return this.queries.search(request);
  }
}
