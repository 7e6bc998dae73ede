import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import { InjectModel, ScopedRepository, type Page, type PageRequest } from '@care/persistence';
import {
  enrolmentStepId,
  MEDICAL_INSURANCE_ENROLMENTS,
  MEDICAL_INSURANCE_STEPS,
  type EnrolmentChange,
  type MedicalInsuranceEnrolmentDocument,
  type MedicalInsuranceStepDocument,
} from './enrolment.schema';
import { SETTLEMENT_FILINGS, type SettlementFilingDocument } from './settlement-filing.schema';

type CountyScope = { countyCode: string };

/** The only code touching the enrolment model; every query but the lookup by id is county-scoped. */
@Injectable()
export class EnrolmentsRepository extends ScopedRepository<MedicalInsuranceEnrolmentDocument, CountyScope> {
  constructor(@InjectModel(MEDICAL_INSURANCE_ENROLMENTS) model: Model<MedicalInsuranceEnrolmentDocument>) {
    super(model, ['countyCode']);
  }

  /** By id whatever its county: the caller checks the county against the actor before anything else. */
  byId(id: string): Promise<MedicalInsuranceEnrolmentDocument | null> {
    return this.model.findById(id).lean<MedicalInsuranceEnrolmentDocument>().exec();
  }

  /** Inserts once: false when the child already has an enrolment for the year (nothing written). */
  create(document: MedicalInsuranceEnrolmentDocument): Promise<boolean> {
    const { countyCode, ...rest } = document;
    return this.insertOnce({ countyCode }, rest);
  }

  /** Sets what step `rev + 1` of the log sets, if the enrolment is still at `rev`. */
  async applyChange(
    current: Pick<MedicalInsuranceEnrolmentDocument, '_id' | 'countyCode' | 'rev'>,
    change: EnrolmentChange,
  ): Promise<void> {
    await this.updateOne(
      { countyCode: current.countyCode },
      { _id: current._id, rev: current.rev },
      { $set: { ...change, rev: current.rev + 1 } },
    );
  }

  /** The child's enrolments of a county, by coverage year. */
  forChild(countyCode: string, childId: string): Promise<MedicalInsuranceEnrolmentDocument[]> {
    return this.find({ countyCode }, { childId }, { sort: { coverageYear: 1 } });
  }
}

/** The append-only step log of enrolments, county-scoped. */
@Injectable()
export class EnrolmentStepsRepository extends ScopedRepository<MedicalInsuranceStepDocument, CountyScope> {
  constructor(@InjectModel(MEDICAL_INSURANCE_STEPS) model: Model<MedicalInsuranceStepDocument>) {
    super(model, ['countyCode']);
  }

  /** Appends the step unless its seq is taken: true for the one writer whose insert landed. */
  claim(step: MedicalInsuranceStepDocument): Promise<boolean> {
    const { countyCode, ...rest } = step;
    return this.insertOnce({ countyCode }, rest);
  }

  /** Step `seq` of an enrolment, if written. */
  at(countyCode: string, id: string, seq: number): Promise<MedicalInsuranceStepDocument | null> {
    return this.findOne({ countyCode }, { _id: enrolmentStepId(id, seq) });
  }

  /** The applied steps in order (up to the revision). */
  forEnrolment(countyCode: string, id: string, revision: number): Promise<MedicalInsuranceStepDocument[]> {
    return this.find({ countyCode }, { enrolmentId: id, seq: { $lte: revision } }, { sort: { seq: 1 } });
  }
}

/** 异地就医备案, county-scoped. */
@Injectable()
export class SettlementFilingsRepository extends ScopedRepository<SettlementFilingDocument, CountyScope> {
  constructor(@InjectModel(SETTLEMENT_FILINGS) model: Model<SettlementFilingDocument>) {
    super(model, ['countyCode']);
  }

  /** Inserts once: false when a filing of the same key exists (nothing written). */
  create(document: SettlementFilingDocument): Promise<boolean> {
    const { countyCode, ...rest } = document;
    return this.insertOnce({ countyCode }, rest);
  }

  byId(countyCode: string, id: string): Promise<SettlementFilingDocument | null> {
    return this.findOne({ countyCode }, { _id: id });
  }

  forChild(countyCode: string, childId: string): Promise<SettlementFilingDocument[]> {
    return this.find({ countyCode }, { childId }, { sort: { validUntil: 1 } });
  }

  /** One county's filings valid on or after `validFrom` (all when undefined), the earliest last valid day first. */
  list(
    countyCode: string,
    validFrom: LocalDate | undefined,
    page: PageRequest,
  ): Promise<Page<SettlementFilingDocument>> {
    return this.findPage({ countyCode }, validFrom === undefined ? {} : { validUntil: { $gte: validFrom } }, {
      ...page,
      sortField: 'validUntil',
    });
  }
}
