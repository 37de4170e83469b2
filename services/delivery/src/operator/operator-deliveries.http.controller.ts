import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { InjectServiceConfig, ProblemError } from '@lt/runtime';
import { DeliveryConfig } from '../delivery.config';
import { DeliveryRow, DeliveryState } from '../deliveries/delivery-row';
import { OperatorAuthGuard } from './operator-auth.guard';
import { AttemptRow, DeliveryFilter, OperatorDeliveriesRepository } from './operator-deliveries.repository';
import { RedeliverUseCase } from './redeliver.use-case';

const STATES: DeliveryState[] = [
  'queued',
  'pushing',
  'retrying',
  'delivered',
  'waiting-in-inbox',
  'fetched',
  'acknowledged',
  'dead-lettered',
];
const UNFINISHED: DeliveryState[] = ['queued', 'pushing', 'retrying', 'waiting-in-inbox', 'fetched'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_MAX = 500;

type Query = Record<string, string | undefined>;

/**
 * Operators' view of deliveries (behind OPERATOR_TOKEN_HASHES bearer tokens): list with filters, the
 * stuck and dead-lettered ones, one delivery with its attempt history, and redelivery.
 */
@Controller('v1/operator/deliveries')
@UseGuards(OperatorAuthGuard)
export class OperatorDeliveriesHttpController {
  constructor(
    private readonly deliveries: OperatorDeliveriesRepository,
    private readonly redeliver: RedeliverUseCase,
    @InjectServiceConfig() private readonly config: DeliveryConfig,
  ) {}

  /**
   * `GET /v1/operator/deliveries?state=a,b&agency=&sender=&documentId=&mode=&minAttempts=&queuedBefore=&receiptOverdue=true&limit=&after=`
   * Deliveries matching every given filter, oldest first, with `nextCursor` when more remain.
   */
  @Get()
  list(@Query() query: Query) {
    return this.page(parseFilter(query));
  }

  /** `GET /v1/operator/deliveries/stuck`: unfinished deliveries queued more than DELIVERY_STUCK_AFTER_MS ago. */
  @Get('stuck')
  stuck(@Query() query: Query) {
    const filter = parseFilter(query);
    const stuckBefore = new Date(Date.now() - this.config.DELIVERY_STUCK_AFTER_MS);
    return this.page({
      ...filter,
      states: filter.states?.filter((s) => UNFINISHED.includes(s)) ?? UNFINISHED,
      queuedBefore:
        filter.queuedBefore && filter.queuedBefore < stuckBefore ? filter.queuedBefore : stuckBefore,
    });
  }

  /** `GET /v1/operator/deliveries/dead-lettered`: deliveries the hub gave up on (same filters). */
  @Get('dead-lettered')
  deadLettered(@Query() query: Query) {
    return this.page({ ...parseFilter(query), states: ['dead-lettered'] });
  }

  /** `GET /v1/operator/deliveries/:id`: the delivery and its attempt history. */
  @Get(':id')
  async one(@Param('id') id: string) {
    const row = UUID.test(id) ? await this.deliveries.get(id) : undefined;
    if (!row) throw deliveryNotFound(id);
    return { ...toView(row), history: (await this.deliveries.attempts(id)).map(toAttemptView) };
  }

  /** `POST /v1/operator/deliveries/:id/redeliver` `{reason?}`. */
  @Post(':id/redeliver')
  @HttpCode(202)
  async redeliverOne(@Param('id') id: string, @Body() body: unknown, @Req() request: { operator: string }) {
    if (!UUID.test(id)) throw deliveryNotFound(id);
    const result = await this.redeliver.execute([id], request.operator, reasonOf(body));
    if (result.skipped[0]?.reason === 'not-found') throw deliveryNotFound(id);
    if (result.skipped[0]?.reason === 'in-flight') {
      throw new ProblemError(
        409,
        'DELIVERY_IN_FLIGHT',
        'The delivery is being pushed right now',
        'Đang gửi bản giao này',
        id,
      );
    }
    return result;
  }

  /**
   * `POST /v1/operator/deliveries/redeliver` with `{deliveryIds: [...], reason?}` or
   * `{filter: {state, agency, ...query filters}, reason?}`: at most OPERATOR_REDELIVER_MAX at once.
   */
  @Post('redeliver')
  @HttpCode(202)
  async redeliverMany(@Body() body: unknown, @Req() request: { operator: string }) {
    const b = (body ?? {}) as { deliveryIds?: unknown; filter?: unknown };
    const max = this.config.OPERATOR_REDELIVER_MAX;
    let ids: string[];
    if (Array.isArray(b.deliveryIds)) {
      if (
        b.deliveryIds.length === 0 ||
        b.deliveryIds.length > max ||
        !b.deliveryIds.every((id) => typeof id === 'string' && UUID.test(id))
      ) {
        throw badRequest(`deliveryIds must be 1 to ${max} delivery ids`);
      }
      ids = [...new Set(b.deliveryIds as string[])];
    } else if (b.filter && typeof b.filter === 'object') {
      const filter = parseFilter(b.filter as Query);
      if (!filter.states?.length && !filter.agencyCode && !filter.documentId) {
        throw badRequest('a filter needs at least state, agency or documentId');
      }
      ids = (await this.deliveries.find({ ...filter, limit: max })).map((r) => r.id);
    } else {
      throw badRequest('give deliveryIds or filter');
    }
    return this.redeliver.execute(ids, request.operator, reasonOf(body));
  }

  private async page(filter: DeliveryFilter) {
    const rows = await this.deliveries.find({ ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map(toView),
      ...(rows.length > filter.limit ? { nextCursor: String(page[page.length - 1].seq) } : {}),
    };
  }
}

function parseFilter(query: Query): DeliveryFilter {
  const states = query.state?.split(',').filter(Boolean) as DeliveryState[] | undefined;
  if (states?.some((s) => !STATES.includes(s))) throw badRequest(`state must be among ${STATES.join(', ')}`);
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX)
    throw badRequest(`limit must be 1 to ${LIST_MAX}`);
  const minAttempts = query.minAttempts === undefined ? undefined : Number(query.minAttempts);
  if (minAttempts !== undefined && (!Number.isInteger(minAttempts) || minAttempts < 0)) {
    throw badRequest('minAttempts must be a non-negative integer');
  }
  const queuedBefore = query.queuedBefore ? new Date(query.queuedBefore) : undefined;
  if (queuedBefore && Number.isNaN(queuedBefore.getTime()))
    throw badRequest('queuedBefore must be an ISO-8601 instant');
  if (query.mode && query.mode !== 'push' && query.mode !== 'pull')
    throw badRequest('mode must be push or pull');
  if (query.after && !/^\d{1,19}$/.test(query.after))
    throw badRequest('after must be a cursor from a previous page');
  return {
    states,
    agencyCode: query.agency,
    senderCode: query.sender,
    documentId: query.documentId,
    mode: query.mode as 'push' | 'pull' | undefined,
    minAttempts,
    queuedBefore,
    receiptOverdue: query.receiptOverdue === 'true',
    afterSeq: query.after,
    limit,
  };
}

function reasonOf(body: unknown): string | undefined {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string' || reason.length > 500)
    throw badRequest('reason must be a string of at most 500 characters');
  return reason;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toView(r: DeliveryRow) {
  return {
    deliveryId: r.id,
    type: r.kind,
    documentId: r.document_id,
    statusId: r.status_id,
    statusCode: r.status_code,
    senderCode: r.sender_code,
    recipientCode: r.recipient_code,
    mode: r.mode,
    priority: r.priority,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at),
    lastError: r.last_error,
    queuedAt: iso(r.queued_at),
    deliveredAt: iso(r.delivered_at),
    fetchCount: r.fetch_count,
    visibleAgainAt: iso(r.visible_again_at),
    acknowledgedAt: iso(r.acknowledged_at),
    ackOutcome: r.ack_outcome,
    ackReason: r.ack_reason,
    deadLetteredAt: iso(r.dead_lettered_at),
    redeliveries: r.redeliveries,
    receiptDueAt: iso(r.receipt_due_at),
    receiptOverdueAt: iso(r.receipt_overdue_at),
    latestStatusCode: r.latest_status_code,
  };
}

function toAttemptView(a: AttemptRow) {
  return {
    attempt: a.attempt,
    startedAt: iso(a.started_at),
    finishedAt: iso(a.finished_at),
    outcome: a.outcome,
    errorClass: a.error_class,
    error: a.error,
    httpStatus: a.http_status,
    endpoint: a.endpoint,
    nextAttemptAt: iso(a.next_attempt_at),
  };
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

function deliveryNotFound(id: string): ProblemError {
  return new ProblemError(404, 'DELIVERY_NOT_FOUND', 'No such delivery', 'Không tìm thấy bản giao', id);
}
