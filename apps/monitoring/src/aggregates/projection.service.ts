import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { conflict } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import { AggregateStore, type CounterChange } from './aggregate-store';
import {
  childBuckets,
  comparisonTaskBuckets,
  enrolmentBuckets,
  entitlementBuckets,
  keyCareBuckets,
  pushBuckets,
  visitBuckets,
  type Bucket,
} from './contributions';
import { PROJECTION_KINDS, type ProjectionKind } from './projection.schema';
import { ProjectionRepository, type StateOf } from './projection.repository';

const MAX_WRITE_ATTEMPTS = 8;

const BUCKETS: { readonly [K in ProjectionKind]: (state: StateOf[K] | null) => Bucket[] } = {
  children: childBuckets,
  'key-care': keyCareBuckets,
  visits: visitBuckets,
  entitlements: entitlementBuckets,
  enrolments: enrolmentBuckets,
  pushes: pushBuckets,
  'comparison-tasks': comparisonTaskBuckets,
};

/** Counters that moved together (one record's change), for the live stream. */
export interface ChangeBatch {
  readonly seq: number;
  readonly at: string;
  readonly changes: readonly CounterChange[];
}

/**
 * Applies the filtering projection's states and keeps the aggregates. Each record's state is
 * stored first (conditionally on its rev, retried on a competing write), then the record moves
 * from the buckets its old state counted in to those of its new state. Merges are idempotent, so
 * a redelivered or older event stores nothing and moves nothing; the counters live in memory and
 * are rebuilt from the stored states at start-up, so a crash between the two steps cannot leave
 * them off by one. One instance owns the aggregates (README: deployment).
 */
@Injectable()
export class ProjectionService implements OnModuleInit {
  private readonly logger = new Logger('MonitoringProjection');
  readonly store = new AggregateStore();
  private readonly feed = new Subject<ChangeBatch>();
  private seq = 0;
  private rebuilt = 0;

  constructor(
    private readonly repository: ProjectionRepository,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /** Rebuilds the counters from the stored states before the consumers start (onApplicationBootstrap). */
  async onModuleInit(): Promise<void> {
    const started = Date.now();
    this.store.clear();
    let records = 0;
    for (const kind of PROJECTION_KINDS) {
      for await (const state of this.repository.all(kind)) {
        this.store.move([], (BUCKETS[kind] as (s: unknown) => Bucket[])(state));
        records += 1;
      }
    }
    this.rebuilt = records;
    this.logger.log(`aggregates rebuilt from ${records} stored records in ${Date.now() - started} ms`);
  }

  get rebuiltFrom(): number {
    return this.rebuilt;
  }

  get changes(): Observable<ChangeBatch> {
    return this.feed.asObservable();
  }

  /** Read, decide, write conditionally, then move the record's buckets. */
  async apply<K extends ProjectionKind>(
    kind: K,
    id: string,
    decide: (current: StateOf[K] | null) => StateOf[K] | null,
  ): Promise<'applied' | 'unchanged'> {
    const bucketsOf = BUCKETS[kind] as (s: StateOf[K] | null) => Bucket[];
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const stored = await this.repository.find(kind, id);
      const current = stored?.state ?? null;
      const next = decide(current);
      if (next === null) return 'unchanged';
      if (!(await this.repository.write(kind, stored?.rev ?? null, next))) continue;
      const changes = this.store.move(bucketsOf(current), bucketsOf(next));
      if (changes.length > 0)
        this.feed.next({ seq: ++this.seq, at: this.clock.now().toISOString(), changes });
      return 'applied';
    }
    this.logger.warn(`${kind} ${id}: gave up after ${MAX_WRITE_ATTEMPTS} competing writes`);
    throw conflict('监测记录并发冲突，稍后重试');
  }
}
