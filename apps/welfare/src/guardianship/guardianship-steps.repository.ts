import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel, ScopedRepository } from '@care/persistence';
import { GUARDIANSHIP_STEPS, stepId, type GuardianshipStepDocument } from './guardianship-step.schema';

type CountyScope = { countyCode: string };

/** The append-only step log of guardianship cases, county-scoped. */
@Injectable()
export class GuardianshipStepsRepository extends ScopedRepository<GuardianshipStepDocument, CountyScope> {
  constructor(@InjectModel(GUARDIANSHIP_STEPS) model: Model<GuardianshipStepDocument>) {
    super(model, ['countyCode']);
  }

  /**
   * Appends the step unless its seq is taken: true for the one writer whose insert landed,
   * false for everyone else who read the same revision (nothing written).
   */
  async claim(step: GuardianshipStepDocument): Promise<boolean> {
    const { countyCode, ...rest } = step;
    try {
      await this.insertOne({ countyCode }, rest);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return false;
      throw error;
    }
  }

  /** The step that would move the case past `revision`, if one was claimed but not yet applied. */
  next(countyCode: string, caseId: string, revision: number): Promise<GuardianshipStepDocument | null> {
    return this.findOne({ countyCode }, { _id: stepId(caseId, revision + 1) });
  }

  /** The case's applied steps in order (up to its revision). */
  forCase(countyCode: string, caseId: string, revision: number): Promise<GuardianshipStepDocument[]> {
    return this.find({ countyCode }, { caseId, seq: { $lte: revision } }, { sort: { seq: 1 } });
  }
}
