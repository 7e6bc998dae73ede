import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import { InjectModel, ScopedRepository, type Page, type PageRequest } from '@care/persistence';
import {
  isClosedAssistanceState,
  type AssistanceDepartment,
  type AssistanceState,
} from '@care/welfare-rules';
import { ASSISTANCE_APPLICATIONS, type AssistanceApplicationDocument } from './assistance-application.schema';
import type { AssistanceApplicationChange } from './assistance-step.schema';

type CountyScope = { countyCode: string };

export interface ApplicationListFilter {
  readonly state?: AssistanceState;
  /** Only the deciding department's applications (an officer sees their own department's). */
  readonly department?: AssistanceDepartment;
  /** Only applications whose due day is before this day (overdue as of it). */
  readonly dueBefore?: LocalDate;
}

/** The only code touching the application model; every query but the lookup by id is county-scoped. */
@Injectable()
export class AssistanceApplicationsRepository extends ScopedRepository<
  AssistanceApplicationDocument,
  CountyScope
> {
  constructor(@InjectModel(ASSISTANCE_APPLICATIONS) model: Model<AssistanceApplicationDocument>) {
    super(model, ['countyCode']);
  }

  /** The application by id whatever its county: the caller checks the county against the actor. */
  byId(id: string): Promise<AssistanceApplicationDocument | null> {
    return this.model.findById(id).lean<AssistanceApplicationDocument>().exec();
  }

  /**
   * The child's applications not yet closed, whatever their county: the registry's move-out is
   * the whole city's (a child who moved between counties may have one in each).
   */
  async openOfChild(childId: string): Promise<AssistanceApplicationDocument[]> {
    // Plain equality (FerretDB v1 pushes only that down); a child has a handful of applications.
    const all = await this.model
      .find({ childId })
      .sort({ _id: 1 })
      .lean<AssistanceApplicationDocument[]>()
      .exec();
    return all.filter((a) => !isClosedAssistanceState(a.state));
  }

  /** Inserts a new application; a second open one of the same child and kind fails on the unique `openKey`. */
  async create(document: AssistanceApplicationDocument): Promise<void> {
    const { countyCode, ...rest } = document;
    await this.insertOne({ countyCode }, rest);
  }

  /** Sets what step `rev + 1` of the log sets, if the application is still at `rev`. */
  async applyChange(
    current: Pick<AssistanceApplicationDocument, '_id' | 'countyCode' | 'rev'>,
    change: AssistanceApplicationChange,
  ): Promise<void> {
    await this.updateOne(
      { countyCode: current.countyCode },
      { _id: current._id, rev: current.rev },
      { $set: { ...change, rev: current.rev + 1 } },
    );
  }

  /** One county's applications in (dueKey, _id) order: overdue first, then pending, in payment, closed. */
  list(
    countyCode: string,
    filter: ApplicationListFilter,
    page: PageRequest,
  ): Promise<Page<AssistanceApplicationDocument>> {
    return this.findPage(
      { countyCode },
      {
        ...(filter.state === undefined ? {} : { state: filter.state }),
        ...(filter.department === undefined ? {} : { department: filter.department }),
        ...(filter.dueBefore === undefined ? {} : { dueKey: { $lt: filter.dueBefore } }),
      },
      { ...page, sortField: 'dueKey' },
    );
  }

  /** The county's applications in payment (approved), for the 护佑健康 list. */
  approvedIn(countyCode: string): Promise<AssistanceApplicationDocument[]> {
    return this.find({ countyCode }, { state: 'approved' }, { sort: { childId: 1, _id: 1 } });
  }
}
