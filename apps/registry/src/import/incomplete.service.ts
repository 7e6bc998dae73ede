import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConsumerRegistry } from '@care/events';
import { notFound, permissionDenied } from '@care/errors';
import { actorCoversCounty, type Actor } from '@care/access';
import type { Page, PageRequest } from '@care/persistence';
import { buildNewChild } from '../children/child-builder';
import { ChildPresenter, NO_REVEAL, type ChildView } from '../children/child-presenter';
import { ChildrenRepository } from '../children/children.repository';
import { ChildrenService } from '../children/children.service';
import { KeyCareService } from '../key-care/key-care.service';
import { PersonalDataService } from '../personal-data';
import { IncompleteChildrenRepository } from './incomplete.repository';
import {
  completionLedger,
  completionToNewChild,
  missingFactsText,
  type CompletionInput,
} from './incomplete-rules';
import type { IncompleteChildRecord } from './incomplete.types';

/** One record of the worklist as shown (masked name, no ID number, no address). */
export interface IncompleteChildView {
  id: string;
  countyCode: string;
  townshipCode: string;
  /** Masked (张*): enough to find the child in the township's own papers. */
  name: string;
  sex?: 'male' | 'female';
  sheetAge?: number;
  hukouDivisionCode?: string;
  difficultyTypes: string[];
  /** What is missing and why it matters, column by column (Chinese). */
  missing: { column: string; reason: string }[];
  source: { jobId: string; rowNumber: number };
  createdAt: string;
  updatedAt: string;
}

export interface CompletionResult {
  child: ChildView;
  /** The key-care entry of the row's ledger columns: opened, or why not (Chinese). */
  keyCare?: { outcome: 'added' | 'changed' | 'unchanged' } | { outcome: 'refused'; reason: string };
}

/**
 * The county's "records to complete" (待补录): children an import found without a fact the
 * migrant-child rule needs. Listed and counted per county; completed here through the API (or by
 * re-importing a corrected row, see ImportService), which registers the child under the record's
 * id, determined and published as any child, and deletes the record.
 */
@Injectable()
export class IncompleteChildrenService {
  constructor(
    private readonly records: IncompleteChildrenRepository,
    private readonly children: ChildrenRepository,
    private readonly childrenService: ChildrenService,
    private readonly presenter: ChildPresenter,
    private readonly personalData: PersonalDataService,
    @Inject(ConsumerRegistry) private readonly events: ConsumerRegistry,
    @Optional() private readonly keyCare?: KeyCareService,
  ) {}

  private assertCounty(actor: Actor, countyCode: string): void {
    if (!actorCoversCounty(actor, countyCode))
      throw permissionDenied('该区县不在本人负责的区县范围内', { countyCode });
  }

  present(record: IncompleteChildRecord): IncompleteChildView {
    return {
      id: record._id,
      countyCode: record.countyCode,
      townshipCode: record.townshipCode,
      name: this.personalData.maskSealed('name', record.personal.name),
      ...(record.sex === undefined ? {} : { sex: record.sex }),
      ...(record.sheetAge === undefined ? {} : { sheetAge: record.sheetAge }),
      ...(record.hukouDivisionCode === undefined ? {} : { hukouDivisionCode: record.hukouDivisionCode }),
      difficultyTypes: [...record.difficultyTypes],
      missing: missingFactsText(record.missing),
      source: { ...record.source },
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }

  async list(
    actor: Actor,
    countyCode: string,
    page: PageRequest,
  ): Promise<{ total: number; items: IncompleteChildView[]; nextCursor?: string }> {
    this.assertCounty(actor, countyCode);
    const scope = { countyCode };
    const [total, found]: [number, Page<IncompleteChildRecord>] = await Promise.all([
      this.records.count(scope),
      this.records.pageOf(scope, page),
    ]);
    return {
      total,
      items: found.items.map((r) => this.present(r)),
      ...(found.nextCursor === undefined ? {} : { nextCursor: found.nextCursor }),
    };
  }

  private async load(actor: Actor, id: string): Promise<IncompleteChildRecord> {
    for (const countyCode of actor.countyCodes) {
      const record = await this.records.findOne({ countyCode }, { _id: id });
      if (record !== null) return record;
    }
    throw notFound('待补录记录', id);
  }

  async get(actor: Actor, id: string): Promise<IncompleteChildView> {
    return this.present(await this.load(actor, id));
  }

  /**
   * 补录: the missing facts supplied, the record becomes a child (same id), determined and
   * published as usual; then its ledger columns open a key-care entry when the child qualifies.
   * Everything that can refuse is decided before the first write (the facts, the ledger columns'
   * shape and rules: a 400 leaves the record as it was). Then three writes, each with its events
   * in the same document: the child, its ledger entry, and last the record's removal — so a
   * failure between them leaves the record on the worklist, and the retry finds the child stored,
   * finds or opens the same entry (unchanged, nothing published twice) and removes the record.
   * A child whose facts do not support the ledger (e.g. not a migrant child) is still registered:
   * the entry is `refused` with the reason, as the import reports it.
   */
  async complete(actor: Actor, id: string, input: CompletionInput): Promise<CompletionResult> {
    const record = await this.load(actor, id);
    const scope = { countyCode: record.countyCode };
    const ctx = this.childrenService.changeContext();
    const ledger = this.keyCare === undefined ? undefined : completionLedger(record, ctx.today);
    let child = await this.children.findInCounties([record.countyCode], record._id);
    if (child === null) {
      const open = (sealed: string) => this.personalData.open(sealed);
      const newChild = completionToNewChild(
        record,
        {
          name: open(record.personal.name),
          hukouAddress: open(record.personal.hukouAddress),
          residenceAddress: open(record.personal.residenceAddress),
          guardians: record.guardians.map((g) => ({
            name: open(g.name),
            relation: g.relation,
            phone: g.phone === '' ? '' : open(g.phone),
          })),
        },
        input,
      );
      const built = buildNewChild({ ...newChild, source: 'import' }, { ...ctx, childId: record._id });
      await this.children.insert(built);
      this.events.nudgeRelays();
      child = built;
    }
    let keyCare: CompletionResult['keyCare'];
    if (ledger !== undefined && this.keyCare !== undefined) {
      const [result] = await this.keyCare.upsertManyFromImport(record.countyCode, [
        { childId: child._id, fields: ledger, child },
      ]);
      // A lost race with another writer of the entry: the record stays, the worker retries.
      if (result.outcome === 'refused' && result.error.code === 'conflict') throw result.error;
      keyCare =
        result.outcome === 'refused'
          ? { outcome: 'refused', reason: result.error.message }
          : { outcome: result.outcome };
    }
    await this.records.remove(scope, record._id);
    const view = await this.presenter.present(child, actor, NO_REVEAL, ctx.today);
    return keyCare === undefined ? { child: view } : { child: view, keyCare };
  }
}
