/** States of a delivery (docs/delivery.md has the diagram). */
export type DeliveryState =
  | 'queued'
  | 'pushing'
  | 'retrying'
  | 'delivered'
  | 'waiting-in-inbox'
  | 'fetched'
  | 'acknowledged'
  | 'dead-lettered';

/** Terminal states: nothing more happens unless an operator redelivers. */
export const FINISHED_STATES: readonly DeliveryState[] = ['delivered', 'acknowledged', 'dead-lettered'];

/** A row of `delivery.delivery` as the use cases read it. */
export interface DeliveryRow {
  id: string;
  seq: string;
  kind: 'edoc' | 'status';
  document_id: string;
  status_id: string | null;
  status_code: string | null;
  correlation_id: string;
  cause_event_id: string;
  sender_code: string;
  recipient_code: string;
  mode: 'push' | 'pull';
  routed_endpoint: string | null;
  priority: number;
  state: DeliveryState;
  blob_sha256: string;
  blob_ref: string;
  blob_size: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  age_from: Date;
  queued_at: Date;
  delivered_at: Date | null;
  fetch_count: number;
  visible_again_at: Date | null;
  acknowledged_at: Date | null;
  ack_outcome: 'done' | 'fail' | null;
  ack_reason: string | null;
  dead_lettered_at: Date | null;
  redeliveries: number;
  receipt_due_at: Date | null;
  receipt_overdue_at: Date | null;
  latest_status_code: string | null;
  updated_at: Date;
}

/** Fully qualified table names (the schema is fixed by the module registration). */
export const T = {
  delivery: 'delivery.delivery',
  attempt: 'delivery.delivery_attempt',
  circuit: 'delivery.agency_circuit',
  endpoint: 'delivery.agency_endpoint',
  receipt: 'delivery.receipt_confirmation',
} as const;
