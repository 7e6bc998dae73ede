import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG } from '@care/config';
import { ConsumerRegistry, OutboxBatchStore, type BatchedEntry, type OpenOutboxBatch } from '@care/events';
import { MONGO_CONNECTION } from '@care/persistence';
import type { RegistryConfig } from '../config';
import { ChildrenRepository } from '../children/children.repository';
import { StatusChangeLog } from '../children/status-change-log';
import { ImportJobRepository } from './import-job.repository';

export const IMPORT_OUTBOX_COLLECTION = 'import_outbox_batches';

/** Sealed batches read per relay round: each holds a chunk's events (up to IMPORT_CHUNK_SIZE children). */
const BATCHES_PER_ROUND = 4;

/**
 * The registration events of the children an import chunk inserts, kept in one outbox batch per
 * chunk (ADR 0009) instead of in each child's document: the relay then publishes a chunk's events
 * and deletes one document, where acknowledging embedded outboxes rewrote every child once more.
 * Its own relay publishes them (and logs their status changes, as the children's relay does).
 * A batch left open by a process that died mid-chunk is resolved once its job is no longer
 * running: the events of the children that were stored are published, the others dropped.
 */
@Injectable()
export class ImportOutbox implements OnModuleInit {
  readonly store: OutboxBatchStore;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    @Inject(CONFIG) private readonly config: RegistryConfig,
    private readonly jobs: ImportJobRepository,
    private readonly children: ChildrenRepository,
    private readonly statusLog: StatusChangeLog,
    private readonly registry: ConsumerRegistry,
  ) {
    this.store = new OutboxBatchStore(connection, IMPORT_OUTBOX_COLLECTION, {
      resolveOpen: (batch) => this.resolve(batch),
    });
  }

  onModuleInit(): void {
    this.registry.addRelay({
      sources: [this.store],
      pollIntervalMs: this.config.OUTBOX_POLL_MS,
      batchSize: BATCHES_PER_ROUND,
      onPublished: (published) => this.statusLog.recordPublished(published),
    });
  }

  /** Step 1 of a chunk's inserts: its events stored before the children. */
  open(jobId: string, countyCode: string, entries: readonly BatchedEntry[]): Promise<string> {
    return this.store.open(entries, { jobId, countyCode });
  }

  /** Step 3: the events of the children stored leave; the refused children's are dropped. */
  seal(batchId: string, entries: readonly BatchedEntry[], stored: readonly string[]): Promise<void> {
    return this.store.seal(batchId, entries, stored);
  }

  private async resolve(batch: OpenOutboxBatch): Promise<'in-progress' | readonly string[]> {
    const { jobId, countyCode } = batch.owner;
    if (jobId === undefined || countyCode === undefined) return [];
    const job = await this.jobs.findOne({ countyCode }, { _id: jobId });
    // Jobs left running by a process that died are marked interrupted when the app starts.
    if (job !== null && (job.status === 'queued' || job.status === 'running')) return 'in-progress';
    const stored = await this.children.findManyByIds({ countyCode }, batch.documentIds);
    return stored.map((child) => child._id);
  }
}
