import { UpcasterRegistry } from '@lt/contracts';

/**
 * The upcasters the audit service applies when it reads its log (the log keeps events exactly as they
 * were published; projections read them upcast to the current schema version). Register a step here
 * whenever a contract in libs/contracts gets a new schema version, then rebuild the projections.
 */
export function auditUpcasters(): UpcasterRegistry {
  return new UpcasterRegistry();
}

export const AUDIT_UPCASTERS = Symbol('AUDIT_UPCASTERS');
