import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * Wakes the push worker the moment a transaction that queued push work commits — before the outbox
 * publishes that transaction's events. A `document.routed` to 100 agencies stages 100 `delivery.queued`
 * events, and on a busy connection their acks can take hundreds of milliseconds: a hỏa tốc delivery
 * must not wait for them (the rows are visible from the commit on).
 */
export class WakeOnCommit implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, boolean>();

  constructor(
    dataSource: DataSource,
    private readonly wake: (urgent: boolean) => void,
  ) {
    dataSource.subscribers.push(this);
  }

  /** Asks for a wake when the transaction of `manager` commits (urgent if any caller said so). */
  afterCommitOf(manager: EntityManager, urgent: boolean): void {
    const runner = manager.queryRunner;
    if (!runner) {
      this.wake(urgent);
      return;
    }
    this.pending.set(runner, urgent || (this.pending.get(runner) ?? false));
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (!this.pending.has(runner)) return;
    const urgent = this.pending.get(runner) ?? false;
    this.pending.delete(runner);
    this.wake(urgent);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }
}
