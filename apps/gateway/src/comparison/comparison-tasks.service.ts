import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { addDays, shanghaiDate } from '@care/child-rules';
import { CONFIG } from '@care/config';
import { GatewayEvents } from '@care/contracts';
import { initialOutbox, outboxEntry, type OutboxEntry } from '@care/events';
import { conflict, failedPrecondition, notFound } from '@care/errors';
import { DIFFERENCE_KIND_LABELS, FIELD_LABELS, type Difference } from '@care/exchange-rules';
import { InjectModel } from '@care/persistence';
import { CLOCK, type Clock } from '@care/service-kit';
import type { GatewayConfig } from '../config';
import { comparisonTaskChangedEvent, GATEWAY_PRODUCER } from '../gateway-events';
import { COMPARISON_TASKS } from '../gateway.schemas';
import type { ComparisonTaskDocument } from '../gateway.schemas';
import type { ListComparisonTasksDto, ResolveComparisonTaskDto } from './comparison-tasks.dto';

export interface ComparisonTaskView {
  readonly id: string;
  readonly peerCity: string;
  readonly childRef: string;
  readonly localChildId: string | null;
  readonly countyCode: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly field: string | null;
  readonly fieldLabel: string | null;
  /** Masked display values, as compared. */
  readonly residenceValue: string | null;
  readonly hukouValue: string | null;
  readonly status: string;
  readonly openedAt: string;
  readonly dueOn: string;
  readonly overdue: boolean;
  readonly resolution: string | null;
  readonly resolvedBy: string | null;
  readonly version: number;
}

/** 比对差异任务: the county office's list of differences to settle, overdue first, and their resolution. */
/** A difference's task id: one task per child, kind and field, however often it is seen. */
export function taskId(peerCity: string, childRef: string, difference: Difference): string {
  return `${peerCity}:${childRef}:${difference.kind}:${difference.field ?? '-'}`;
}

/** The task's ComparisonTaskChanged, to be written with it (the embedded outbox). */
function changedEntry(task: Omit<ComparisonTaskDocument, 'outbox' | 'outboxPending'>, at: Date): OutboxEntry {
  return outboxEntry(
    GatewayEvents.comparisonTaskChanged,
    task.countyCode,
    comparisonTaskChangedEvent(task, at),
    GATEWAY_PRODUCER,
  );
}

/** A whole-document replace of a task that keeps its unpublished events and adds this change's. */
function replacement(
  task: ComparisonTaskDocument,
  next: ComparisonTaskDocument,
  at: Date,
): ComparisonTaskDocument {
  return { ...next, outbox: [...(task.outbox ?? []), changedEntry(next, at)], outboxPending: true };
}

@Injectable()
export class ComparisonTasksService {
  constructor(
    @InjectModel(COMPARISON_TASKS) private readonly tasks: Model<ComparisonTaskDocument>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Opens the task of one difference unless it exists (open, or resolved once: kept as it is). */
  async open(
    peerCity: string,
    childRef: string,
    localChildId: string | null,
    countyCode: string,
    difference: Difference,
  ): Promise<string> {
    const now = this.clock.now();
    const id = taskId(peerCity, childRef, difference);
    const task: Omit<ComparisonTaskDocument, 'outbox' | 'outboxPending'> = {
      _id: id,
      peerCity,
      childRef,
      localChildId,
      countyCode,
      difference,
      status: 'open',
      openedAt: now,
      dueOn: addDays(shanghaiDate(now), this.config.COMPARISON_TASK_DUE_DAYS),
      resolution: null,
      resolvedBy: null,
      resolvedAt: null,
      version: 1,
    };
    // Opened with its event in the same insert; a task that exists already publishes nothing.
    await this.tasks.collection
      .insertOne({ ...task, ...initialOutbox([changedEntry(task, now)]) } as never)
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== 11000) throw error;
      });
    return id;
  }

  /** Closes the child's open tasks other than `keep` as superseded: a newer push no longer shows them. */
  async supersede(peerCity: string, childRef: string, keep: ReadonlySet<string>): Promise<void> {
    const open = (await this.tasks.collection
      .find({ peerCity, childRef, status: 'open' })
      .toArray()) as unknown as ComparisonTaskDocument[];
    for (const task of open) {
      if (keep.has(task._id)) continue;
      const now = this.clock.now();
      const next: ComparisonTaskDocument = {
        ...task,
        status: 'resolved',
        resolution: 'superseded',
        resolvedBy: `gateway-${peerCity}`,
        resolvedAt: now,
        version: task.version + 1,
      };
      await this.tasks.collection.replaceOne(
        { _id: task._id as never, version: task.version },
        replacement(task, next, now) as never,
      );
    }
  }

  async list(
    actor: Actor,
    query: ListComparisonTasksDto,
  ): Promise<{ items: ComparisonTaskView[]; total: number }> {
    const filter = {
      countyCode: { $in: [...countiesInScope(actor, query.countyCode)] },
      status: query.status ?? 'open',
    };
    const [docs, total] = await Promise.all([
      this.tasks.collection
        .find(filter)
        .sort({ dueOn: 1, _id: 1 })
        .skip(query.offset ?? 0)
        .limit(query.limit ?? 50)
        .toArray(),
      this.tasks.collection.countDocuments(filter),
    ]);
    return { items: (docs as unknown as ComparisonTaskDocument[]).map((d) => this.view(d)), total };
  }

  async resolve(actor: Actor, id: string, body: ResolveComparisonTaskDto): Promise<ComparisonTaskView> {
    const task = (await this.tasks.collection.findOne({ _id: id as never })) as ComparisonTaskDocument | null;
    if (task === null) throw notFound('比对差异任务', id);
    assertCountyInScope(actor, task.countyCode);
    if (task.status !== 'open') throw failedPrecondition('该差异任务已处理', { field: 'status' });
    if (task.version !== body.version) throw conflict('差异任务已被他人更新，请刷新后重试');
    const now = this.clock.now();
    const next: ComparisonTaskDocument = {
      ...task,
      status: 'resolved',
      resolution: body.resolution,
      resolvedBy: actor.userId,
      resolvedAt: now,
      version: task.version + 1,
    };
    const replaced = await this.tasks.collection.replaceOne(
      { _id: id as never, version: task.version },
      replacement(task, next, now) as never,
    );
    if (replaced.modifiedCount === 0) throw conflict('差异任务已被他人更新，请刷新后重试');
    return this.view(next);
  }

  private view(doc: ComparisonTaskDocument): ComparisonTaskView {
    const field = doc.difference.field ?? null;
    return {
      id: doc._id,
      peerCity: doc.peerCity,
      childRef: doc.childRef,
      localChildId: doc.localChildId,
      countyCode: doc.countyCode,
      kind: doc.difference.kind,
      kindLabel: DIFFERENCE_KIND_LABELS[doc.difference.kind],
      field,
      fieldLabel: field === null ? null : FIELD_LABELS[field],
      residenceValue: doc.difference.residenceValue ?? null,
      hukouValue: doc.difference.hukouValue ?? null,
      status: doc.status,
      openedAt: doc.openedAt.toISOString(),
      dueOn: doc.dueOn,
      overdue: doc.status === 'open' && doc.dueOn < shanghaiDate(this.clock.now()),
      resolution: doc.resolution,
      resolvedBy: doc.resolvedBy,
      version: doc.version,
    };
  }
}
