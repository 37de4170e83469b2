import { Inject, Injectable } from '@nestjs/common';
import {
  INBOX_ACK,
  INBOX_FETCH,
  INBOX_LIST,
  InboxAckReply,
  InboxAckRequest,
  InboxFetchReply,
  InboxFetchRequest,
  InboxItemType,
  InboxListReply,
  InboxListRequest,
} from '@lt/contracts';
import { BLOB_STORE, BlobStore } from '@lt/blobs';
import { QueryClient } from '@lt/messaging';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { IntakeConfig } from '../intake.config';
import { queryProblem } from '../http/query-problems';

/** Largest inbox page an agency may ask for. */
export const MAX_INBOX_PAGE = 100;

/**
 * The caller's inbox, which delivery keeps: intake asks it over request-reply, always for the
 * authenticated agency (an agency cannot name another's inbox), and serves the bytes from the blob store.
 */
@Injectable()
export class InboxUseCases {
  constructor(
    private readonly queries: QueryClient,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @InjectServiceConfig() private readonly config: IntakeConfig,
  ) {}

  list(
    agencyCode: string,
    filter: { type?: string; after?: string; limit?: number },
  ): Promise<InboxListReply> {
    if (filter.type !== undefined && filter.type !== 'edoc' && filter.type !== 'status') {
      throw new ProblemError(
        400,
        'INBOX_TYPE_INVALID',
        'type must be edoc or status',
        'type phải là edoc hoặc status',
      );
    }
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INBOX_PAGE) {
      throw new ProblemError(
        400,
        'LIMIT_INVALID',
        `limit must be 1-${MAX_INBOX_PAGE}`,
        `limit phải từ 1 đến ${MAX_INBOX_PAGE}`,
      );
    }
    const request: InboxListRequest = {
      agencyCode,
      type: filter.type as InboxItemType | undefined,
      after: filter.after,
      limit,
    };
    return this.ask<InboxListReply>(INBOX_LIST, request);
  }

  /** The item and its package bytes; delivery hides it from the inbox until acked or timed out. */
  async fetch(agencyCode: string, deliveryId: string): Promise<{ item: InboxFetchReply; bytes: Buffer }> {
    const item = await this.ask<InboxFetchReply>(INBOX_FETCH, {
      agencyCode,
      deliveryId,
    } satisfies InboxFetchRequest);
    const bytes = await this.blobs.get(item.blob.sha256);
    if (!bytes) {
      throw new ProblemError(
        500,
        'PACKAGE_MISSING',
        'The package bytes are missing',
        'Không tìm thấy nội dung gói tin',
        item.blob.sha256,
      );
    }
    return { item, bytes };
  }

  ack(agencyCode: string, deliveryId: string, outcome: string, reason?: string): Promise<InboxAckReply> {
    if (outcome !== 'done' && outcome !== 'fail') {
      throw new ProblemError(
        400,
        'ACK_OUTCOME_INVALID',
        'outcome must be done or fail',
        'outcome phải là done hoặc fail',
      );
    }
    if (outcome === 'fail' && !reason) {
      throw new ProblemError(
        400,
        'ACK_REASON_REQUIRED',
        'A failed acknowledgement needs a reason',
        'Báo nhận thất bại cần có lý do',
      );
    }
    const request: InboxAckRequest = { agencyCode, deliveryId, outcome, reason };
    return this.ask<InboxAckReply>(INBOX_ACK, request);
  }

  private async ask<T>(name: string, payload: unknown): Promise<T> {
    try {
      return await this.queries.request<T>(name, payload, this.config.QUERY_TIMEOUT_MS);
    } catch (error) {
      return queryProblem(error);
    }
  }
}
