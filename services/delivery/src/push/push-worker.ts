import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BLOB_STORE, BlobStore } from '@lt/blobs';
import { TransactionalOutbox } from '@lt/persistence';
import { InjectServiceConfig } from '@lt/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryConfig } from '../delivery.config';
import { BlobCache } from './blob-cache';
import { PushClient, PushResult } from './push-client';
import { ClaimedDelivery, PushScheduleRepository } from './push-schedule.repository';
import { PushOutcomeRecorder } from './record-push-outcomes';
import { endpointProblem } from './endpoint-policy';
import { URGENT_PRIORITY } from '../deliveries/priority';
import { WakeOnCommit } from './wake-on-commit';

/**
 * Pushes due deliveries to agency endpoints. Polls the persisted schedule (never in-memory timers, so
 * a restart loses nothing), keeps up to DELIVERY_PUSH_CONCURRENCY pushes in flight and at most
 * DELIVERY_PUSH_PER_AGENCY_CONCURRENCY per agency, and records outcomes in batches. New work queued by
 * this process wakes it at once; work queued elsewhere is seen within DELIVERY_POLL_INTERVAL_MS.
 */
@Injectable()
export class PushWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PushWorker');
  private readonly schedule: PushScheduleRepository;
  private readonly client: PushClient;
  private readonly blobCache: BlobCache;
  private readonly recorder: PushOutcomeRecorder;
  private readonly commits: WakeOnCommit;
  private running = false;
  private loopDone?: Promise<void>;
  private wakeUp?: () => void;
  /** Set when urgent work was queued: the next turn claims it even if normal work fills its slots. */
  private urgentWaiting = false;
  private lastUrgentCheck = 0;
  private woken = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly perAgency = new Map<string, number>();
  private lastReclaim = 0;

  constructor(
    dataSource: DataSource,
    outbox: TransactionalOutbox,
    @Inject(BLOB_STORE) blobs: BlobStore,
    @InjectServiceConfig() private readonly config: DeliveryConfig,
  ) {
    this.schedule = new PushScheduleRepository(dataSource);
    this.commits = new WakeOnCommit(dataSource, (urgent) => this.wake(urgent));
    this.client = new PushClient({
      timeoutMs: config.DELIVERY_PUSH_TIMEOUT_MS,
      // Several agencies may share one host (a provincial gateway): the per-agency bound is the worker's,
      // the socket pool only bounds the whole process.
      maxSocketsPerHost: config.DELIVERY_PUSH_CONCURRENCY,
      clientCertFile: config.DELIVERY_TLS_CLIENT_CERT_FILE,
      clientKeyFile: config.DELIVERY_TLS_CLIENT_KEY_FILE,
      caFile: config.DELIVERY_TLS_CA_FILE,
    });
    this.blobCache = new BlobCache(blobs, config.DELIVERY_BLOB_CACHE_BYTES);
    this.recorder = new PushOutcomeRecorder(outbox, {
      retry: {
        baseMs: config.DELIVERY_RETRY_BASE_MS,
        factor: config.DELIVERY_RETRY_FACTOR,
        maxMs: config.DELIVERY_RETRY_MAX_MS,
        jitterPercent: config.DELIVERY_RETRY_JITTER_PERCENT,
      },
      maxAgeMs: config.DELIVERY_MAX_AGE_MS,
      circuitFailureThreshold: config.DELIVERY_CIRCUIT_FAILURE_THRESHOLD,
      circuitOpenMs: config.DELIVERY_CIRCUIT_OPEN_MS,
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops claiming and waits for the pushes in flight to be recorded. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
    this.client.close();
  }

  /**
   * Tells the worker new work may be due (called after queueing or redelivering).
   * @param urgent urgent deliveries (priority ≥ 2) were queued: claim them at once, in the reserved slots
   */
  wake(urgent = false): void {
    if (urgent) this.urgentWaiting = true;
    // Remembered when the loop is not asleep (mid-claim), so the next sleep returns at once.
    this.woken = true;
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /**
   * Wakes the worker when the transaction of `manager` commits (the new rows are visible to its claim
   * from then on), without waiting for that transaction's events to be published.
   */
  wakeAfterCommit(manager: EntityManager, urgent: boolean): void {
    this.commits.afterCommitOf(manager, urgent);
  }

  /**
   * One turn claims what the free slots allow, highest priority first. Normal work may fill
   * DELIVERY_PUSH_CONCURRENCY − DELIVERY_PUSH_URGENT_RESERVE slots and is claimed in batches once a
   * quarter of them is free; urgent work may take any free slot and is claimed as soon as it is queued
   * here (wake) or, from other replicas, within the poll interval.
   */
  private async loop(): Promise<void> {
    const concurrency = this.config.DELIVERY_PUSH_CONCURRENCY;
    const normalSlots = Math.max(1, concurrency - this.config.DELIVERY_PUSH_URGENT_RESERVE);
    // Claim in reasonably sized batches rather than one row per freed slot.
    const refillAt = Math.max(1, Math.floor(normalSlots / 4));
    while (this.running) {
      try {
        await this.reclaimExpiredLeases();
        let claimed: ClaimedDelivery[] = [];
        // Urgent first, in any free slot (the reserve included) and whatever the per-agency load.
        const anyFree = concurrency - this.inFlight.size;
        if (anyFree > 0 && this.urgentCheckDue(normalSlots - this.inFlight.size >= refillAt)) {
          claimed = await this.claim(Math.min(this.config.DELIVERY_CLAIM_BATCH, anyFree), URGENT_PRIORITY);
          for (const row of claimed) this.start(row);
        }
        const normalFree = normalSlots - this.inFlight.size;
        if (normalFree >= refillAt) {
          const more = await this.claim(Math.min(this.config.DELIVERY_CLAIM_BATCH, normalFree), 0);
          for (const row of more) this.start(row);
          claimed = claimed.concat(more);
        }
        if (claimed.length === 0) await this.sleep(this.config.DELIVERY_POLL_INTERVAL_MS);
      } catch (error) {
        if (!this.running) break;
        this.logger.error(`push schedule poll failed: ${(error as Error).message}`);
        await this.sleep(this.config.DELIVERY_POLL_INTERVAL_MS);
      }
    }
  }

  /**
   * Whether to run an urgent-only claim: when urgent work was queued here, or (for urgent work queued by
   * another replica) once per poll interval while normal claims cannot run because normal work fills
   * its slots — a normal claim takes urgent rows first anyway.
   */
  private urgentCheckDue(normalClaimWillRun: boolean): boolean {
    const now = Date.now();
    const periodic =
      !normalClaimWillRun && now - this.lastUrgentCheck >= this.config.DELIVERY_POLL_INTERVAL_MS;
    if (!this.urgentWaiting && !periodic) return false;
    this.urgentWaiting = false;
    this.lastUrgentCheck = now;
    return true;
  }

  private claim(limit: number, minPriority: number): Promise<ClaimedDelivery[]> {
    // Urgent claims are bounded by the reserve, not by the per-agency limit.
    const saturated =
      minPriority >= URGENT_PRIORITY
        ? []
        : [...this.perAgency]
            .filter(([, n]) => n >= this.config.DELIVERY_PUSH_PER_AGENCY_CONCURRENCY)
            .map(([agency]) => agency);
    return this.schedule.claim(
      limit,
      saturated,
      this.config.DELIVERY_PUSH_PER_AGENCY_CONCURRENCY,
      this.config.DELIVERY_CLAIM_LEASE_MS,
      minPriority,
    );
  }

  private start(row: ClaimedDelivery): void {
    const agency = row.recipient_code;
    this.perAgency.set(agency, (this.perAgency.get(agency) ?? 0) + 1);
    const work = this.deliver(row)
      .catch((error) => this.logger.error(`delivery ${row.id}: ${(error as Error).message}`))
      .finally(() => {
        this.inFlight.delete(work);
        const left = (this.perAgency.get(agency) ?? 1) - 1;
        if (left <= 0) this.perAgency.delete(agency);
        else this.perAgency.set(agency, left);
        this.wake();
      });
    this.inFlight.add(work);
  }

  /** One claimed delivery: expired, held back by an open circuit, or pushed. */
  private async deliver(row: ClaimedDelivery): Promise<void> {
    if (new Date(row.age_from).getTime() + this.config.DELIVERY_MAX_AGE_MS <= Date.now()) {
      return this.recorder.record({ kind: 'expired', row });
    }
    const openUntil = this.recorder.openCircuits.get(row.recipient_code);
    if (openUntil && openUntil.getTime() > Date.now()) {
      return this.recorder.record({ kind: 'released', row, until: openUntil });
    }
    const startedAt = new Date();
    const endpoint = row.registered_endpoint ?? row.routed_endpoint;
    const result = await this.push(row, endpoint);
    await this.recorder.record({ kind: 'attempted', row, result, startedAt, endpoint });
  }

  private async push(row: ClaimedDelivery, endpoint: string | null): Promise<PushResult> {
    const problem = endpointProblem(
      endpoint,
      row.secret,
      this.config.DELIVERY_ALLOW_HTTP_ENDPOINTS === 'true',
    );
    if (problem || !endpoint || !row.secret) {
      return { ok: false, errorClass: 'other', error: `NO_ENDPOINT: ${problem}`, durationMs: 0 };
    }
    const body = await this.blobCache.get(row.blob_sha256);
    if (!body) {
      return {
        ok: false,
        errorClass: 'other',
        error: `package blob ${row.blob_sha256} not found`,
        durationMs: 0,
      };
    }
    return this.client.push({
      url: endpoint,
      secret: row.secret,
      requestId: row.id,
      attempt: row.attempts,
      kind: row.kind,
      documentId: row.document_id,
      statusId: row.status_id ?? undefined,
      senderCode: row.sender_code,
      recipientCode: row.recipient_code,
      sha256: row.blob_sha256,
      body,
    });
  }

  private async reclaimExpiredLeases(): Promise<void> {
    const now = Date.now();
    if (now - this.lastReclaim < this.config.DELIVERY_POLL_INTERVAL_MS) return;
    this.lastReclaim = now;
    const n = await this.schedule.reclaimExpiredLeases();
    if (n) this.logger.warn(`${n} deliveries were claimed by a worker that stopped: due again`);
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.woken = false;
        resolve();
      };
    });
  }
}
