import { DOCUMENT_SUBMITTED, DocumentSubmittedV1 } from './document-submitted/document-submitted.event';
import {
  DOCUMENT_SIGNATURE_VERIFIED,
  DocumentSignatureVerifiedV1,
} from './document-signature-verified/document-signature-verified.event';
import {
  DOCUMENT_SIGNATURE_REJECTED,
  DocumentSignatureRejectedV1,
} from './document-signature-rejected/document-signature-rejected.event';
import { DOCUMENT_ROUTED, DocumentRoutedV1 } from './document-routed/document-routed.event';
import {
  DOCUMENT_ROUTING_FAILED,
  DocumentRoutingFailedV1,
} from './document-routing-failed/document-routing-failed.event';
import { STATUS_SUBMITTED, StatusSubmittedV1 } from './status-submitted/status-submitted.event';
import { STATUS_ROUTED, StatusRoutedV1 } from './status-routed/status-routed.event';
import {
  STATUS_ROUTING_FAILED,
  StatusRoutingFailedV1,
} from './status-routing-failed/status-routing-failed.event';
import { DELIVERY_QUEUED, DeliveryQueuedV1 } from './delivery-queued/delivery-queued.event';
import {
  DELIVERY_ATTEMPT_FAILED,
  DeliveryAttemptFailedV1,
} from './delivery-attempt-failed/delivery-attempt-failed.event';
import { DELIVERY_DELIVERED, DeliveryDeliveredV1 } from './delivery-delivered/delivery-delivered.event';
import {
  DELIVERY_ACKNOWLEDGED,
  DeliveryAcknowledgedV1,
} from './delivery-acknowledged/delivery-acknowledged.event';
import {
  DELIVERY_DEAD_LETTERED,
  DeliveryDeadLetteredV1,
} from './delivery-dead-lettered/delivery-dead-lettered.event';
import { AGENCY_REGISTERED, AgencyRegisteredV1 } from './agency-registered/agency-registered.event';
import { AGENCY_UPDATED, AgencyUpdatedV1 } from './agency-updated/agency-updated.event';
import { AGENCY_SUSPENDED, AgencySuspendedV1 } from './agency-suspended/agency-suspended.event';
import { AGENCY_REINSTATED, AgencyReinstatedV1 } from './agency-reinstated/agency-reinstated.event';
import { AGENCY_RETIRED, AgencyRetiredV1 } from './agency-retired/agency-retired.event';
import { AGENCY_MERGED, AgencyMergedV1 } from './agency-merged/agency-merged.event';
import { DELIVERY_FETCHED, DeliveryFetchedV1 } from './delivery-fetched/delivery-fetched.event';
import {
  DELIVERY_REDELIVERY_REQUESTED,
  DeliveryRedeliveryRequestedV1,
} from './delivery-redelivery-requested/delivery-redelivery-requested.event';
import {
  DELIVERY_RECEIPT_OVERDUE,
  DeliveryReceiptOverdueV1,
} from './delivery-receipt-overdue/delivery-receipt-overdue.event';
import {
  AUDIT_CHECKPOINT_RECORDED,
  AuditCheckpointRecordedV1,
} from './audit-checkpoint-recorded/audit-checkpoint-recorded.event';

/**
 * The event catalogue: every event type, the current version of its data schema, and its data type.
 * Adding a type here is the one step that makes it publishable and subscribable.
 */
export interface EventDataByType {
  [DOCUMENT_SUBMITTED]: DocumentSubmittedV1;
  [DOCUMENT_SIGNATURE_VERIFIED]: DocumentSignatureVerifiedV1;
  [DOCUMENT_SIGNATURE_REJECTED]: DocumentSignatureRejectedV1;
  [DOCUMENT_ROUTED]: DocumentRoutedV1;
  [DOCUMENT_ROUTING_FAILED]: DocumentRoutingFailedV1;
  [STATUS_SUBMITTED]: StatusSubmittedV1;
  [STATUS_ROUTED]: StatusRoutedV1;
  [STATUS_ROUTING_FAILED]: StatusRoutingFailedV1;
  [DELIVERY_QUEUED]: DeliveryQueuedV1;
  [DELIVERY_ATTEMPT_FAILED]: DeliveryAttemptFailedV1;
  [DELIVERY_DELIVERED]: DeliveryDeliveredV1;
  [DELIVERY_ACKNOWLEDGED]: DeliveryAcknowledgedV1;
  [DELIVERY_DEAD_LETTERED]: DeliveryDeadLetteredV1;
  [AGENCY_REGISTERED]: AgencyRegisteredV1;
  [AGENCY_UPDATED]: AgencyUpdatedV1;
  [AGENCY_SUSPENDED]: AgencySuspendedV1;
  [AGENCY_REINSTATED]: AgencyReinstatedV1;
  [AGENCY_RETIRED]: AgencyRetiredV1;
  [AGENCY_MERGED]: AgencyMergedV1;
  [DELIVERY_FETCHED]: DeliveryFetchedV1;
  [DELIVERY_REDELIVERY_REQUESTED]: DeliveryRedeliveryRequestedV1;
  [DELIVERY_RECEIPT_OVERDUE]: DeliveryReceiptOverdueV1;
  [AUDIT_CHECKPOINT_RECORDED]: AuditCheckpointRecordedV1;
}

export type EventType = keyof EventDataByType;
export type EventData<T extends EventType> = EventDataByType[T];

export const CURRENT_SCHEMA_VERSION: Record<EventType, number> = {
  [DOCUMENT_SUBMITTED]: 1,
  [DOCUMENT_SIGNATURE_VERIFIED]: 1,
  [DOCUMENT_SIGNATURE_REJECTED]: 1,
  [DOCUMENT_ROUTED]: 1,
  [DOCUMENT_ROUTING_FAILED]: 1,
  [STATUS_SUBMITTED]: 1,
  [STATUS_ROUTED]: 1,
  [STATUS_ROUTING_FAILED]: 1,
  [DELIVERY_QUEUED]: 1,
  [DELIVERY_ATTEMPT_FAILED]: 1,
  [DELIVERY_DELIVERED]: 1,
  [DELIVERY_ACKNOWLEDGED]: 1,
  [DELIVERY_DEAD_LETTERED]: 1,
  [AGENCY_REGISTERED]: 1,
  [AGENCY_UPDATED]: 1,
  [AGENCY_SUSPENDED]: 1,
  [AGENCY_REINSTATED]: 1,
  [AGENCY_RETIRED]: 1,
  [AGENCY_MERGED]: 1,
  [DELIVERY_FETCHED]: 1,
  [DELIVERY_REDELIVERY_REQUESTED]: 1,
  [DELIVERY_RECEIPT_OVERDUE]: 1,
  [AUDIT_CHECKPOINT_RECORDED]: 1,
};

export const EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSION) as EventType[];

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(CURRENT_SCHEMA_VERSION, type);
}
