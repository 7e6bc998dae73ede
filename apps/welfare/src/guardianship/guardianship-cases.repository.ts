import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import { InjectModel, ScopedRepository, type Page, type PageRequest } from '@care/persistence';
import type { GuardianshipState } from '@care/welfare-rules';
import { GUARDIANSHIP_CASES, type GuardianshipCaseDocument } from './guardianship-case.schema';
import type { GuardianshipCaseChange } from './guardianship-step.schema';

type CountyScope = { countyCode: string };

export interface CaseListFilter {
  readonly state?: GuardianshipState;
  /** Only cases whose due day is before this day (overdue as of it). */
  readonly dueBefore?: LocalDate;
}

/** The only code touching the guardianship-case model; every query but the lookup by id is county-scoped. */
@Injectable()
export class GuardianshipCasesRepository extends ScopedRepository<GuardianshipCaseDocument, CountyScope> {
  constructor(@InjectModel(GUARDIANSHIP_CASES) model: Model<GuardianshipCaseDocument>) {
    super(model, ['countyCode']);
  }

  /**
   * The case by id whatever its county: the caller learns the county from it and must check it
   * against the actor before showing or changing anything.
   */
  byId(caseId: string): Promise<GuardianshipCaseDocument | null> {
    return this.model.findById(caseId).lean<GuardianshipCaseDocument>().exec();
  }

  /** Inserts a new case; a second open case of the same child fails on the unique `openKey`. */
  async create(document: GuardianshipCaseDocument): Promise<void> {
    const { countyCode, ...rest } = document;
    await this.insertOne({ countyCode }, rest);
  }

  /**
   * Sets what step `rev + 1` of the log sets, if the case is still at `rev`. Only the
   * writer that inserted that step (or someone finishing it for them, with the same content)
   * gets here, so a lost update cannot change the outcome.
   */
  async applyChange(
    current: Pick<GuardianshipCaseDocument, '_id' | 'countyCode' | 'rev'>,
    change: GuardianshipCaseChange,
  ): Promise<void> {
    await this.updateOne(
      { countyCode: current.countyCode },
      { _id: current._id, rev: current.rev },
      { $set: { ...change, rev: current.rev + 1 } },
    );
  }

  /** One county's cases in (dueKey, _id) order: overdue first, the longest overdue at the top, closed last. */
  list(
    countyCode: string,
    filter: CaseListFilter,
    page: PageRequest,
  ): Promise<Page<GuardianshipCaseDocument>> {
    return this.findPage(
      { countyCode },
      {
        ...(filter.state === undefined ? {} : { state: filter.state }),
        ...(filter.dueBefore === undefined ? {} : { dueKey: { $lt: filter.dueBefore } }),
      },
      { ...page, sortField: 'dueKey' },
    );
  }
}
