import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel, ScopedRepository } from '@care/persistence';
import { ASSISTANCE_STEPS, assistanceStepId, type AssistanceStepDocument } from './assistance-step.schema';

type CountyScope = { countyCode: string };

/** The append-only step log of assistance applications, county-scoped. */
@Injectable()
export class AssistanceStepsRepository extends ScopedRepository<AssistanceStepDocument, CountyScope> {
  constructor(@InjectModel(ASSISTANCE_STEPS) model: Model<AssistanceStepDocument>) {
    super(model, ['countyCode']);
  }

  /** Appends the step unless its seq is taken: true for the one writer whose insert landed. */
  async claim(step: AssistanceStepDocument): Promise<boolean> {
    const { countyCode, ...rest } = step;
    try {
      await this.insertOne({ countyCode }, rest);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return false;
      throw error;
    }
  }

  /** Step `seq` of the application, if it exists. */
  at(countyCode: string, applicationId: string, seq: number): Promise<AssistanceStepDocument | null> {
    return this.findOne({ countyCode }, { _id: assistanceStepId(applicationId, seq) });
  }

  /** The applied steps in order (up to the application's revision). */
  forApplication(
    countyCode: string,
    applicationId: string,
    revision: number,
  ): Promise<AssistanceStepDocument[]> {
    return this.find({ countyCode }, { applicationId, seq: { $lte: revision } }, { sort: { seq: 1 } });
  }
}
