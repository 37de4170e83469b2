export const AUDIT_CHECKPOINT_RECORDED = 'audit.checkpoint-recorded' as const;

/** The audit log's chain head at a moment: a later truncation or edit no longer matches it. */
export interface AuditCheckpointRecordedV1 {
  position: number;
  headHash: string;
  rowCount: number;
  recordedAt: string;
}
