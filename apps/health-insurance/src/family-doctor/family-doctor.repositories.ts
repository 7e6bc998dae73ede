import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import { InjectModel, ScopedRepository, type Page, type PageRequest } from '@care/persistence';
import {
  contractStepId,
  FAMILY_DOCTOR_CONTRACTS,
  FAMILY_DOCTOR_STEPS,
  type ContractChange,
  type FamilyDoctorContractDocument,
  type FamilyDoctorStepDocument,
} from './family-doctor-contract.schema';

type CountyScope = { countyCode: string };

/** The only code touching the contracts; every query but the child's own is county-scoped. */
@Injectable()
export class FamilyDoctorContractsRepository extends ScopedRepository<
  FamilyDoctorContractDocument,
  CountyScope
> {
  constructor(@InjectModel(FAMILY_DOCTOR_CONTRACTS) model: Model<FamilyDoctorContractDocument>) {
    super(model, ['countyCode']);
  }

  /** The child's contracts whatever their county, latest first: the caller checks the county before anything else. */
  forChild(childId: string): Promise<FamilyDoctorContractDocument[]> {
    return this.model.find({ childId }).sort({ number: -1 }).lean<FamilyDoctorContractDocument[]>().exec();
  }

  byId(id: string): Promise<FamilyDoctorContractDocument | null> {
    return this.model.findById(id).lean<FamilyDoctorContractDocument>().exec();
  }

  /** Inserts once: false when the number is taken (another signing landed first; nothing written). */
  create(document: FamilyDoctorContractDocument): Promise<boolean> {
    const { countyCode, ...rest } = document;
    return this.insertOnce({ countyCode }, rest);
  }

  /** Sets what step `rev + 1` of the log sets, if the contract is still at `rev`. */
  async applyChange(
    current: Pick<FamilyDoctorContractDocument, '_id' | 'countyCode' | 'rev'>,
    change: ContractChange,
  ): Promise<void> {
    await this.updateOne(
      { countyCode: current.countyCode },
      { _id: current._id, rev: current.rev },
      { $set: { ...change, rev: current.rev + 1 } },
    );
  }

  /** One county's signed contracts whose last day lies in [from, to], the earliest first. */
  expiring(
    countyCode: string,
    from: LocalDate,
    to: LocalDate,
    page: PageRequest,
  ): Promise<Page<FamilyDoctorContractDocument>> {
    return this.findPage(
      { countyCode },
      { state: 'signed', endDate: { $gte: from, $lte: to } },
      {
        ...page,
        sortField: 'endDate',
      },
    );
  }
}

/** The append-only step log of contracts, county-scoped. */
@Injectable()
export class FamilyDoctorStepsRepository extends ScopedRepository<FamilyDoctorStepDocument, CountyScope> {
  constructor(@InjectModel(FAMILY_DOCTOR_STEPS) model: Model<FamilyDoctorStepDocument>) {
    super(model, ['countyCode']);
  }

  /** Appends the step unless its seq is taken: true for the one writer whose insert landed. */
  claim(step: FamilyDoctorStepDocument): Promise<boolean> {
    const { countyCode, ...rest } = step;
    return this.insertOnce({ countyCode }, rest);
  }

  at(countyCode: string, id: string, seq: number): Promise<FamilyDoctorStepDocument | null> {
    return this.findOne({ countyCode }, { _id: contractStepId(id, seq) });
  }

  /** The applied steps in order (up to the revision). */
  forContract(countyCode: string, id: string, revision: number): Promise<FamilyDoctorStepDocument[]> {
    return this.find({ countyCode }, { contractId: id, seq: { $lte: revision } }, { sort: { seq: 1 } });
  }
}
