import type { Writable } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Schema, type Model } from 'mongoose';
import { ulid } from 'ulid';
import type { Actor } from '@care/access';
import { notFound, invalidArgument } from '@care/errors';
import {
  differencesWorkbook,
  reconcile,
  selectFields,
  type Difference,
  type DifferenceKind,
  type FieldSelection,
  type ReconcileSummary,
  type SharedRecord,
} from '@care/exchange-rules';
import { InjectModel } from '@care/persistence';
import { CLOCK, FieldSealer, type Clock } from '@care/service-kit';
import { RECEIVED_CHILDREN } from '../exchange/receiver.service';
import type { ReceivedChildDocument } from '../gateway.schemas';
import { GATEWAY_IDENTITY } from '../identity.provider';
import type { GatewayIdentity } from '../pki/gateway-identity';
import { ComparisonTasksService } from './comparison-tasks.service';
import { LocalRecords } from './local-records';

// 全量比对: a full reconciliation with one partner city, as a job with progress. The residence
// list is every record the partner pushed here (its newest per child); the hukou list is this
// city's own registry children, indexed under the pair key. Both are read ascending by the pair
// index and merged in one pass (@care/exchange-rules reconcile); each difference is stored for
// the downloadable report and opened as a task for the county office.

export const RECONCILIATIONS = 'Reconciliation';
export const RECONCILIATION_DIFFERENCES = 'ReconciliationDifference';

export type ReconciliationStatus = 'running' | 'done' | 'failed';

export interface ReconciliationDocument {
  _id: string;
  peerCity: string;
  status: ReconciliationStatus;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  residenceRead: number;
  hukouRead: number;
  differences: number;
  matched: number;
  byKind: Record<DifferenceKind, number> | null;
  error: string | null;
}

interface DifferenceDocument {
  _id: string; // `<jobId>:<000000001>`
  jobId: string;
  difference: Difference;
}

export const reconciliationSchema = new Schema<ReconciliationDocument>(
  {
    _id: String,
    peerCity: String,
    status: String,
    startedBy: String,
    startedAt: Date,
    finishedAt: { type: Date, default: null },
    residenceRead: Number,
    hukouRead: Number,
    differences: Number,
    matched: Number,
    byKind: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);

export const reconciliationDifferenceSchema = new Schema<DifferenceDocument>(
  { _id: String, jobId: String, difference: Schema.Types.Mixed },
  { versionKey: false },
);
reconciliationDifferenceSchema.index({ jobId: 1, _id: 1 });

const READ_BATCH = 1000;
const WRITE_BATCH = 500;
const PROGRESS_EVERY = 10_000;

export type ReconciliationView = Omit<ReconciliationDocument, '_id'> & { id: string };

@Injectable()
export class ReconciliationService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconciliationService.name);
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    @InjectModel(RECONCILIATIONS) private readonly jobs: Model<ReconciliationDocument>,
    @InjectModel(RECONCILIATION_DIFFERENCES) private readonly differences: Model<DifferenceDocument>,
    @InjectModel(RECEIVED_CHILDREN) private readonly received: Model<ReceivedChildDocument>,
    @Inject(GATEWAY_IDENTITY) private readonly identity: GatewayIdentity,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly local: LocalRecords,
    private readonly tasks: ComparisonTasksService,
    private readonly sealer: FieldSealer,
  ) {}

  /** A job that was running when the process stopped did not finish: say so (start a new one). */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.collection.updateMany(
      { status: 'running' },
      {
        $set: {
          status: 'failed',
          error: '比对进程中断（服务重启），请重新发起',
          finishedAt: this.clock.now(),
        },
      },
    );
  }

  async start(actor: Actor, peerCity: string): Promise<ReconciliationView> {
    if (!this.identity.peers.has(peerCity))
      throw invalidArgument('peerCity', '交换对端', `对端城市（peerCity）：${peerCity} 不是本市的交换对端`);
    const job: ReconciliationDocument & { _id: string } = {
      _id: ulid(),
      peerCity,
      status: 'running',
      startedBy: actor.userId,
      startedAt: this.clock.now(),
      finishedAt: null,
      residenceRead: 0,
      hukouRead: 0,
      differences: 0,
      matched: 0,
      byKind: null,
      error: null,
    };
    await this.jobs.collection.insertOne(job as never);
    const run = this.run(job).finally(() => this.running.delete(job._id));
    this.running.set(job._id, run);
    return view(job);
  }

  async get(id: string): Promise<ReconciliationView> {
    const job = (await this.jobs.collection.findOne({ _id: id as never })) as ReconciliationDocument | null;
    if (job === null) throw notFound('比对任务', id);
    return view(job);
  }

  /** Waits for a job started here to end (tests, shutdown). */
  async settle(id: string): Promise<void> {
    await this.running.get(id);
  }

  /** The report (比对差异报告) of a finished job, streamed into `out`. */
  async report(id: string, out: Writable): Promise<{ rows: number }> {
    const job = await this.get(id);
    if (job.status !== 'done')
      throw invalidArgument('status', '已完成', '比对尚未完成，完成后才能下载差异报告');
    const cursor = this.differences.collection.find({ jobId: id }).sort({ _id: 1 }).batchSize(READ_BATCH);
    async function* rows(): AsyncGenerator<Difference> {
      for await (const doc of cursor) yield doc.difference as Difference;
    }
    return differencesWorkbook(rows(), out, { sheetName: `比对差异-${job.peerCity}` });
  }

  private async run(job: ReconciliationDocument & { _id: string }): Promise<void> {
    let pending: DifferenceDocument[] = [];
    let n = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      await this.differences.collection
        .insertMany(batch as never[], { ordered: false })
        .catch((error: unknown) => {
          if ((error as { code?: number }).code !== 11000) throw error;
        });
    };
    try {
      const peer = this.identity.peers.get(job.peerCity);
      if (peer === undefined) throw new Error(`对端 ${job.peerCity} 已不在交换对端名单中`);
      const source = reconcile(
        this.residenceList(job.peerCity, peer.fields),
        this.local.sorted(job.peerCity),
        {
          residenceCityCode: job.peerCity,
          progressEvery: PROGRESS_EVERY,
          onProgress: (p) =>
            void this.jobs.collection.updateOne(
              { _id: job._id as never, status: 'running' },
              {
                $set: { residenceRead: p.residenceRead, hukouRead: p.hukouRead, differences: p.differences },
              },
            ),
        },
      );
      let step = await source.next();
      while (step.done !== true) {
        const difference = step.value;
        n += 1;
        pending.push({ _id: `${job._id}:${String(n).padStart(9, '0')}`, jobId: job._id, difference });
        await this.openTask(job.peerCity, difference);
        if (pending.length >= WRITE_BATCH) await flush();
        step = await source.next();
      }
      await flush();
      const summary: ReconcileSummary = step.value;
      await this.jobs.collection.updateOne(
        { _id: job._id as never },
        {
          $set: {
            status: 'done',
            finishedAt: this.clock.now(),
            residenceRead: summary.residenceRead,
            hukouRead: summary.hukouRead,
            differences: summary.differences,
            matched: summary.matched,
            byKind: summary.byKind,
          },
        },
      );
    } catch (error) {
      this.logger.error({ msg: 'reconciliation failed', jobId: job._id, error: (error as Error).message });
      await this.jobs.collection.updateOne(
        { _id: job._id as never },
        {
          $set: {
            status: 'failed',
            finishedAt: this.clock.now(),
            error: (error as Error).message.slice(0, 500),
          },
        },
      );
    }
  }

  /**
   * Every record the partner pushed here, newest per child, ascending by pair index, opened, as
   * the pair's agreement stands now: a record kept before the agreement narrowed is compared on
   * the agreed fields only (one kept before it widened lacks the new ones: not compared).
   */
  private async *residenceList(peerCity: string, fields: FieldSelection): AsyncGenerator<SharedRecord[]> {
    const cursor = this.received.collection
      .find({ senderCity: peerCity }, { projection: { record: 1 } })
      .sort({ idNumberIndex: 1 })
      .batchSize(READ_BATCH);
    let batch: SharedRecord[] = [];
    for await (const doc of cursor) {
      batch.push(selectFields(JSON.parse(this.sealer.open(doc.record as string)) as SharedRecord, fields));
      if (batch.length === READ_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** The difference as a task for the county office: the local child's county, else the pushed record's hukou county. */
  private async openTask(peerCity: string, difference: Difference): Promise<void> {
    let county: string | undefined;
    if (difference.hukouChildRef !== undefined)
      county = await this.local.countyOf(peerCity, difference.hukouChildRef);
    if (county === undefined && difference.residenceChildRef !== undefined) {
      const doc = await this.received.collection.findOne(
        { _id: `${peerCity}:${difference.residenceChildRef}` as never },
        { projection: { hukouCountyCode: 1 } },
      );
      county = (doc?.hukouCountyCode as string | undefined) || undefined;
    }
    const childRef =
      difference.residenceChildRef ?? `hukou:${difference.hukouChildRef ?? difference.idNumberIndex}`;
    await this.tasks.open(
      peerCity,
      childRef,
      difference.hukouChildRef ?? null,
      county ?? this.identity.city,
      difference,
    );
  }
}

function view(job: ReconciliationDocument): ReconciliationView {
  const { _id, ...rest } = job as ReconciliationDocument & { _id: string };
  return { id: _id, ...rest };
}
