import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { RehabilitationState } from '@care/health-rules';
import { InjectModel, ScopedRepository, type Page, type PageRequest } from '@care/persistence';
import {
  SMD_PATIENTS,
  SMD_RECORDS,
  SMD_REHABILITATION,
  SMD_REHABILITATION_STEPS,
  logEntryId,
  type PatientChange,
  type PatientDocument,
  type PatientRecordDocument,
  type RehabilitationChange,
  type RehabilitationDocument,
  type RehabilitationStepDocument,
} from './severe-mental-disorder.schema';

type CountyScope = { countyCode: string };

/** The only code touching the patient model; every query but the lookup by child is county-scoped. */
@Injectable()
export class PatientsRepository extends ScopedRepository<PatientDocument, CountyScope> {
  constructor(@InjectModel(SMD_PATIENTS) model: Model<PatientDocument>) {
    super(model, ['countyCode']);
  }

  /** By child whatever the county: the caller checks the county against the actor first. */
  byChild(childId: string): Promise<PatientDocument | null> {
    return this.model.findById(childId).lean<PatientDocument>().exec();
  }

  /** False when the child already has a record (the `_id` is the child id). */
  create(document: PatientDocument): Promise<boolean> {
    const { countyCode, ...rest } = document;
    return this.insertOnce({ countyCode }, rest);
  }

  /** Sets what log entry `rev + 1` sets, if still at `rev`. */
  async applyChange(
    current: Pick<PatientDocument, '_id' | 'countyCode' | 'rev'>,
    change: PatientChange,
  ): Promise<void> {
    await this.updateOne(
      { countyCode: current.countyCode },
      { _id: current._id, rev: current.rev },
      { $set: { ...change, rev: current.rev + 1 } },
    );
  }

  /** The county's managed patients with a follow-up due on or before `dueBy`, the earliest first. */
  dueBy(countyCode: string, dueBy: LocalDate, page: PageRequest): Promise<Page<PatientDocument>> {
    return this.findPage({ countyCode }, { dueKey: { $lte: dueBy } }, { ...page, sortField: 'dueKey' });
  }
}

/** The append-only log of follow-ups and consent changes, county-scoped. */
@Injectable()
export class PatientRecordsRepository extends ScopedRepository<PatientRecordDocument, CountyScope> {
  constructor(@InjectModel(SMD_RECORDS) model: Model<PatientRecordDocument>) {
    super(model, ['countyCode']);
  }

  /** True for the one writer whose insert of this seq landed; false for everyone else. */
  claim(entry: PatientRecordDocument): Promise<boolean> {
    const { countyCode, ...rest } = entry;
    return this.insertOnce({ countyCode }, rest);
  }

  next(countyCode: string, childId: string, revision: number): Promise<PatientRecordDocument | null> {
    return this.findOne({ countyCode }, { _id: logEntryId(childId, revision + 1) });
  }

  forPatient(countyCode: string, childId: string, revision: number): Promise<PatientRecordDocument[]> {
    return this.find({ countyCode }, { childId, seq: { $lte: revision } }, { sort: { seq: 1 } });
  }
}

@Injectable()
export class RehabilitationRepository extends ScopedRepository<RehabilitationDocument, CountyScope> {
  constructor(@InjectModel(SMD_REHABILITATION) model: Model<RehabilitationDocument>) {
    super(model, ['countyCode']);
  }

  byId(id: string): Promise<RehabilitationDocument | null> {
    return this.model.findById(id).lean<RehabilitationDocument>().exec();
  }

  /** False when the child has an open referral already (unique `openKey`). */
  create(document: RehabilitationDocument): Promise<boolean> {
    const { countyCode, ...rest } = document;
    return this.insertOnce({ countyCode }, rest);
  }

  async applyChange(
    current: Pick<RehabilitationDocument, '_id' | 'countyCode' | 'rev'>,
    change: RehabilitationChange,
  ): Promise<void> {
    await this.updateOne(
      { countyCode: current.countyCode },
      { _id: current._id, rev: current.rev },
      { $set: { ...change, rev: current.rev + 1 } },
    );
  }

  forChild(countyCode: string, childId: string): Promise<RehabilitationDocument[]> {
    return this.find({ countyCode }, { childId }, { sort: { referredOn: 1 } });
  }

  list(
    countyCode: string,
    filter: { readonly state?: RehabilitationState; readonly dueBefore?: LocalDate },
    page: PageRequest,
  ): Promise<Page<RehabilitationDocument>> {
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

@Injectable()
export class RehabilitationStepsRepository extends ScopedRepository<RehabilitationStepDocument, CountyScope> {
  constructor(@InjectModel(SMD_REHABILITATION_STEPS) model: Model<RehabilitationStepDocument>) {
    super(model, ['countyCode']);
  }

  claim(step: RehabilitationStepDocument): Promise<boolean> {
    const { countyCode, ...rest } = step;
    return this.insertOnce({ countyCode }, rest);
  }

  next(countyCode: string, referralId: string, revision: number): Promise<RehabilitationStepDocument | null> {
    return this.findOne({ countyCode }, { _id: logEntryId(referralId, revision + 1) });
  }

  forReferral(
    countyCode: string,
    referralId: string,
    revision: number,
  ): Promise<RehabilitationStepDocument[]> {
    return this.find({ countyCode }, { referralId, seq: { $lte: revision } }, { sort: { seq: 1 } });
  }
}
