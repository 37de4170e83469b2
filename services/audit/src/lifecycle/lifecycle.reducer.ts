import { EventEnvelope } from '@lt/contracts';
import {
  DocumentLifecycle,
  LifecycleSummary,
  RecipientLifecycle,
  RelationKind,
  StatusFlag,
  StatusRecord,
} from './lifecycle';

/** Where the reducer finds and keeps lifecycles (a batch's working set, loaded by the writer). */
export interface LifecycleStore {
  get(documentId: string): DocumentLifecycle | undefined;
  /** A new, empty lifecycle registered in the store. */
  create(documentId: string): DocumentLifecycle;
  /** The hub id of the document a sender knows by its DocumentId. */
  findBySenderDocument(senderCode: string, senderDocumentId: string): string | undefined;
  /** Records that a lifecycle changed and must be written. */
  touch(doc: DocumentLifecycle): void;
}

/** Event types that change document lifecycles; the others (agency.*, audit.*) are skipped. */
export function concernsLifecycles(type: string): boolean {
  return /^(document|delivery|status)\./.test(type);
}

/** Main path ranks: 01 → 03 → 04 → 05 → 06. */
const RANK: Record<string, number> = { '01': 1, '03': 2, '04': 3, '05': 4, '06': 5 };
const KNOWN_CODES = new Set(['01', '02', '03', '04', '05', '06', '13', '15', '16']);
const RELATION: Record<number, [RelationKind, RelationKind]> = {
  1: ['revokes', 'revoked-by'],
  2: ['updates', 'updated-by'],
  3: ['replaces', 'replaced-by'],
};

type Data = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});

/**
 * Applies one (already upcast) event at `position` of the audit log to the lifecycles in `store`.
 * Fields are read defensively: an event missing a documented field changes what it can and no more.
 */
export function applyEvent(store: LifecycleStore, event: EventEnvelope, position: number): void {
  if (!concernsLifecycles(event.type)) return;
  const data = obj(event.data);
  const at = event.occurredAt;
  if (event.type === 'status.submitted') return applyStatusSubmitted(store, event, data, position);
  if (event.type === 'status.routing-failed') return applyStatusRoutingFailed(store, event, data);
  const documentId = str(data.documentId) ?? event.correlationId;
  const doc = store.get(documentId) ?? store.create(documentId);
  note(doc, position);
  switch (event.type) {
    case 'document.submitted': {
      const header = obj(data.header);
      const senderCode = str(data.senderCode) ?? event.actor;
      const recipientCodes = Array.isArray(data.recipientCodes)
        ? data.recipientCodes.filter((c): c is string => typeof c === 'string')
        : [];
      const blob = obj(data.blob);
      doc.submitted = {
        at,
        actor: event.actor,
        senderCode,
        senderDocumentId: str(header.senderDocumentId),
        recipientCodes,
        blob: str(blob.sha256)
          ? { sha256: blob.sha256 as string, ref: str(blob.ref), size: num(blob.size) }
          : undefined,
        header,
        via: str(obj(data.request).via),
      };
      for (const code of recipientCodes) recipient(doc, code);
      const relation = RELATION[num(header.businessType) ?? 0];
      const target = str(header.targetDocumentId);
      if (relation && target) {
        const targetId = store.findBySenderDocument(senderCode, target);
        doc.relations.push({ kind: relation[0], documentId: targetId, senderDocumentId: target, at });
        const other = targetId ? store.get(targetId) : undefined;
        if (other && other !== doc) {
          other.relations.push({
            kind: relation[1],
            documentId,
            senderDocumentId: str(header.senderDocumentId),
            at,
          });
          store.touch(other);
        }
      }
      break;
    }
    case 'document.signature-verified':
    case 'document.signature-rejected':
      doc.signature = {
        verdict: event.type === 'document.signature-verified' ? 'verified' : 'rejected',
        at,
        reason: str(data.reason),
        detail: str(data.detail),
        evidence: data.evidence,
      };
      break;
    case 'document.routed': {
      doc.routing = { ...doc.routing, at, priority: num(data.priority) };
      for (const r of Array.isArray(data.recipients) ? data.recipients : []) {
        const routed = obj(r);
        const code = str(routed.agencyCode);
        if (!code) continue;
        const rec = recipient(doc, code);
        rec.routedAt = at;
        rec.deliveryMode = str(routed.delivery);
        rec.addressedCode = str(routed.addressedCode);
        if (rec.deliveryState === 'addressed' || rec.deliveryState === 'routing-failed')
          rec.deliveryState = 'routed';
      }
      break;
    }
    case 'document.routing-failed': {
      const failure = { reason: str(data.reason) ?? 'UNKNOWN', detail: str(data.detail), at };
      const code = str(data.recipientCode);
      if (code) {
        const rec = recipient(doc, code);
        rec.routingFailure = failure;
        rec.deliveryState = 'routing-failed';
      } else doc.routing = { ...doc.routing, at: doc.routing?.at ?? at, failure };
      break;
    }
    case 'status.routed':
      applyStatusRouted(doc, data, event, position);
      break;
    default:
      applyDelivery(doc, event.type, data, at);
  }
  summarise(doc);
  store.touch(doc);
}

function applyDelivery(doc: DocumentLifecycle, type: string, data: Data, at: string): void {
  // Deliveries of status packages (back to the sender) are in the raw history, not recipient state.
  if (str(data.statusId)) return;
  const code = str(data.recipientCode);
  if (!code) return;
  const rec = recipient(doc, code);
  rec.deliveryId = str(data.deliveryId) ?? rec.deliveryId;
  switch (type) {
    case 'delivery.queued':
      if (rec.deliveryState === 'addressed' || rec.deliveryState === 'routed') rec.deliveryState = 'queued';
      rec.deliveryMode = str(data.mode) ?? rec.deliveryMode;
      break;
    case 'delivery.attempt-failed':
      rec.attempts.push({
        attempt: num(data.attempt) ?? rec.attempts.length + 1,
        at,
        outcome: 'failed',
        errorClass: str(data.errorClass),
        error: str(data.error),
      });
      rec.lastError = str(data.error);
      if (!rec.deliveredAt) rec.deliveryState = 'retrying';
      break;
    case 'delivery.delivered':
      rec.attempts.push({
        attempt: num(data.attempt) ?? rec.attempts.length + 1,
        at,
        outcome: 'delivered',
        mode: str(data.mode),
      });
      rec.deliveredAt ??= at;
      rec.deliveryState = 'delivered';
      break;
    case 'delivery.fetched':
      rec.fetchedAt ??= at;
      if (rec.deliveryState !== 'acknowledged') rec.deliveryState = 'fetched';
      break;
    case 'delivery.acknowledged':
      if (data.outcome === 'fail') {
        rec.deliveryState = 'ack-failed';
        rec.lastError = str(data.reason);
      } else {
        rec.acknowledgedAt ??= at;
        rec.deliveryState = 'acknowledged';
      }
      break;
    case 'delivery.dead-lettered':
      rec.deadLetteredAt = at;
      rec.lastError = str(data.lastError) ?? rec.lastError;
      rec.deliveryState = 'dead-lettered';
      break;
    case 'delivery.redelivery-requested':
      rec.deliveryState = 'redelivery-requested';
      break;
    case 'delivery.receipt-overdue':
      rec.receiptOverdue = { deadline: str(data.deadline) ?? at, at };
      break;
  }
}

function applyStatusSubmitted(store: LifecycleStore, event: EventEnvelope, data: Data, position: number) {
  const responseFor = obj(data.responseFor);
  const target =
    (store.get(event.correlationId) ? event.correlationId : undefined) ??
    (str(responseFor.organId) && str(responseFor.documentId)
      ? store.findBySenderDocument(responseFor.organId as string, responseFor.documentId as string)
      : undefined);
  if (!target) return; // a status about a document the log does not know: only in the raw history
  const doc = store.get(target) as DocumentLifecycle;
  note(doc, position);
  recordStatus(doc, {
    code: str(data.statusCode) ?? '',
    normalisedFrom: str(data.normalisedFrom),
    from: str(data.senderCode) ?? event.actor,
    statusId: str(data.statusId),
    at: event.occurredAt,
    description: str(data.description),
    position,
  });
  summarise(doc);
  store.touch(doc);
}

function applyStatusRouted(doc: DocumentLifecycle, data: Data, event: EventEnvelope, position: number) {
  const statusId = str(data.statusId);
  const known = statusId ? findStatus(doc, statusId) : undefined;
  if (known) {
    known.routed = true;
    return;
  }
  // The submission was not in the log (or did not name the document): the routed copy stands in.
  recordStatus(doc, {
    code: str(data.statusCode) ?? '',
    from: str(data.senderCode) ?? event.actor,
    statusId,
    at: event.occurredAt,
    position,
    routed: true,
  });
}

function applyStatusRoutingFailed(store: LifecycleStore, event: EventEnvelope, data: Data) {
  const doc = store.get(event.correlationId);
  const statusId = str(data.statusId);
  if (!doc || !statusId) return;
  const known = findStatus(doc, statusId);
  if (known) {
    known.routed = false;
    store.touch(doc);
  }
}

function findStatus(doc: DocumentLifecycle, statusId: string): StatusRecord | undefined {
  for (const rec of Object.values(doc.recipients)) {
    const s = rec.statuses.find((x) => x.statusId === statusId);
    if (s) return s;
  }
  return doc.strayStatuses.find((x) => x.statusId === statusId);
}

/** Records a status against the expected path, flagging rather than dropping what breaks it. */
function recordStatus(doc: DocumentLifecycle, status: StatusRecord): void {
  if (status.code === '14') {
    status.normalisedFrom ??= '14';
    status.code = '15';
  }
  if (status.code === '13') {
    const flag: StatusFlag | undefined =
      doc.submitted && status.from !== doc.submitted.senderCode
        ? 'NOT_THE_SENDER'
        : Object.values(doc.recipients).length > 0 &&
            Object.values(doc.recipients).every((r) => r.completedAt)
          ? 'AFTER_COMPLETION'
          : undefined;
    doc.recallRequests.push({ at: status.at, statusId: status.statusId, from: status.from, flag });
    if (!flag)
      for (const r of Object.values(doc.recipients))
        if (!r.completedAt && !r.refusedAt) r.recall = 'requested';
    return;
  }
  const rec = doc.recipients[status.from];
  if (!rec) {
    doc.strayStatuses.push({ ...status, flag: 'NOT_A_RECIPIENT' });
    return;
  }
  const flag = orderFlag(doc, rec, status.code);
  rec.statuses.push(flag ? { ...status, flag } : status);
  if (flag) return;
  const { code, at } = status;
  if (code === '15') rec.recall = 'agreed';
  else if (code === '16') rec.recall = 'refused';
  else rec.currentStatus = code;
  if (code === '01' || code === '03') rec.receivedAt ??= at;
  if (code === '02') rec.refusedAt = at;
  if (code === '06') {
    rec.completedAt = at;
    rec.receivedAt ??= at;
  }
}

function orderFlag(doc: DocumentLifecycle, rec: RecipientLifecycle, code: string): StatusFlag | undefined {
  if (!KNOWN_CODES.has(code)) return 'UNKNOWN_CODE';
  if (rec.refusedAt) return 'AFTER_REFUSAL';
  if (rec.completedAt) return 'AFTER_COMPLETION';
  if (code === '15' || code === '16')
    return doc.recallRequests.some((r) => !r.flag) ? undefined : 'NO_RECALL_REQUESTED';
  const current = rec.currentStatus ? (RANK[rec.currentStatus] ?? 0) : 0;
  if (code === '02') return current > RANK['01'] ? 'OUT_OF_ORDER' : undefined;
  // Skipping ahead (03 without 01) is common and allowed; repeating or going back is not.
  return RANK[code] <= current ? 'OUT_OF_ORDER' : undefined;
}

function recipient(doc: DocumentLifecycle, code: string): RecipientLifecycle {
  let rec = doc.recipients[code];
  if (!rec) {
    rec = { agencyCode: code, deliveryState: 'addressed', attempts: [], statuses: [] };
    doc.recipients[code] = rec;
  }
  return rec;
}

function note(doc: DocumentLifecycle, position: number): void {
  doc.eventCount += 1;
  if (!doc.firstPosition) doc.firstPosition = position;
  doc.lastPosition = Math.max(doc.lastPosition, position);
}

/** An empty lifecycle for `documentId`. */
export function emptyLifecycle(documentId: string): DocumentLifecycle {
  return {
    documentId,
    recipients: {},
    recallRequests: [],
    strayStatuses: [],
    relations: [],
    summary: summaryOf({ documentId, recipients: {} } as DocumentLifecycle),
    eventCount: 0,
    firstPosition: 0,
    lastPosition: 0,
  };
}

function summarise(doc: DocumentLifecycle): void {
  doc.summary = summaryOf(doc);
}

function summaryOf(doc: DocumentLifecycle): LifecycleSummary {
  const rs = Object.values(doc.recipients);
  // One pass: this runs after every event, so it is on the rebuild's hot path.
  let received = 0;
  let completed = 0;
  let refused = 0;
  let recalled = 0;
  let deliveryFailed = 0;
  let closed = 0;
  for (const r of rs) {
    if (r.receivedAt) received += 1;
    if (r.completedAt) completed += 1;
    if (r.refusedAt) refused += 1;
    if (r.recall === 'agreed') recalled += 1;
    if (r.deliveryState === 'dead-lettered' || r.deliveryState === 'routing-failed') deliveryFailed += 1;
    if (r.completedAt || r.refusedAt || r.recall === 'agreed') closed += 1;
  }
  const s = { recipients: rs.length, received, completed, refused, recalled, deliveryFailed };
  const overall =
    doc.signature?.verdict === 'rejected' && !doc.routing
      ? 'signature-rejected'
      : doc.routing?.failure
        ? 'routing-failed'
        : !doc.routing
          ? 'submitted'
          : rs.length > 0 && completed === rs.length
            ? 'completed'
            : rs.length > 0 && closed === rs.length
              ? 'closed'
              : 'in-progress';
  return { ...s, overall, text: `${completed} of ${rs.length} recipients completed` };
}
