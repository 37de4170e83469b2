import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEvent, EventEnvelope, NewEventInput, newEventId } from '@lt/contracts';
import { TransactionalOutbox } from '@lt/persistence';
import { AgencyChange, codesOf, LatestAgency } from './agency-change';
import { AgencyDirectoryRepository } from './agency-directory.repository';

export type AgencyEvent = EventEnvelope & AgencyChange;

/**
 * The directory's write side. A command plans its changes under the directory lock against the
 * latest versions, and the events are appended to the directory's log, projected, and staged for
 * the stream in one transaction: the directory and the stream never disagree.
 */
@Injectable()
export class DirectoryWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: TransactionalOutbox,
    private readonly directory: AgencyDirectoryRepository,
  ) {}

  /**
   * Runs `plan` against the latest versions of `codes` (every agency when omitted) and commits the
   * changes it returns, as events attributed to `actor`.
   */
  async change(
    actor: string,
    plan: (latest: ReadonlyMap<string, LatestAgency>) => AgencyChange[],
    codes?: string[],
  ): Promise<AgencyEvent[]> {
    return this.outbox.commit(async (manager) => {
      await this.directory.lockForWrite(manager);
      const latest = await this.directory.latest(manager, codes);
      const correlationId = newEventId();
      const events = plan(latest).map((change) => toEvent(change, actor, correlationId));
      await this.directory.append(manager, events);
      return { result: events, events };
    });
  }

  /** Plans without writing (a dry run): the latest versions as they are now. */
  async preview<T>(plan: (latest: ReadonlyMap<string, LatestAgency>) => T): Promise<T> {
    return plan(await this.directory.latest(this.dataSource));
  }
}

/** The envelope of a directory change; the aggregate is the agency (for a merger, the one merged into). */
export function toEvent(change: AgencyChange, actor: string, correlationId: string): AgencyEvent {
  const id = change.type === 'agency.merged' ? change.data.intoCode : codesOf(change)[0];
  return createEvent({
    type: change.type,
    aggregate: { type: 'agency', id },
    correlationId,
    actor,
    data: change.data,
  } as NewEventInput<AgencyChange['type']>) as AgencyEvent;
}
