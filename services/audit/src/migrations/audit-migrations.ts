import { CreateEventLog1700000000400 } from './1700000000400-create-event-log.migration';
import { CreateLifecycleProjection1700000000401 } from './1700000000401-create-lifecycle-projection.migration';
import { CreateProjectionPosition1700000000402 } from './1700000000402-create-projection-position.migration';

/** Every migration of the audit schema, in order (service, CLI, tests and benchmark use the same list). */
export const AUDIT_MIGRATIONS = [
  CreateEventLog1700000000400,
  CreateLifecycleProjection1700000000401,
  CreateProjectionPosition1700000000402,
];
