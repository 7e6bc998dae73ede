import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { MentalHealthState } from '@care/health-rules';
import { InjectModel, ScopedRepository, type Page, type PageRequest } from '@care/persistence';
import {
  MENTAL_HEALTH_REFERRALS,
  MENTAL_HEALTH_STEPS,
  stepId,
  type MentalHealthReferralChange,
  type MentalHealthReferralDocument,
  type MentalHealthStepDocument,
} from './mental-health.schema';

type CountyScope = { countyCode: string };

/** The only code touching the referral model; every query but the lookup by id is county-scoped. */
@Injectable()
export class MentalHealthReferralsRepository extends ScopedRepository<
  MentalHealthReferralDocument,
  CountyScope
> {
  constructor(@InjectModel(MENTAL_HEALTH_REFERRALS) model: Model<MentalHealthReferralDocument>) {
    super(model, ['countyCode']);
  }

  /** By id whatever its county: the caller checks the county against the actor before anything else. */
  byId(id: string): Promise<MentalHealthReferralDocument | null> {
    return this.model.findById(id).lean<MentalHealthReferralDocument>().exec();
  }

  /** A second open referral of the same child fails on the unique `openKey`. */
  async create(document: MentalHealthReferralDocument): Promise<void> {
    const { countyCode, ...rest } = document;
    await this.insertOne({ countyCode }, rest);
  }

  /** Sets what step `rev + 1` sets, if still at `rev` (only the step's writer or a finisher gets here). */
  async applyChange(
    current: Pick<MentalHealthReferralDocument, '_id' | 'countyCode' | 'rev'>,
    change: MentalHealthReferralChange,
  ): Promise<void> {
    await this.updateOne(
      { countyCode: current.countyCode },
      { _id: current._id, rev: current.rev },
      { $set: { ...change, rev: current.rev + 1 } },
    );
  }

  list(
    countyCode: string,
    filter: { readonly state?: MentalHealthState; readonly dueBefore?: LocalDate },
    page: PageRequest,
  ): Promise<Page<MentalHealthReferralDocument>> {
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

/** The append-only step log, county-scoped. */
@Injectable()
export class MentalHealthStepsRepository extends ScopedRepository<MentalHealthStepDocument, CountyScope> {
  constructor(@InjectModel(MENTAL_HEALTH_STEPS) model: Model<MentalHealthStepDocument>) {
    super(model, ['countyCode']);
  }

  /** True for the one writer whose insert of this seq landed; false for everyone else. */
  async claim(step: MentalHealthStepDocument): Promise<boolean> {
    const { countyCode, ...rest } = step;
    try {
      await this.insertOne({ countyCode }, rest);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return false;
      throw error;
    }
  }

  next(countyCode: string, referralId: string, revision: number): Promise<MentalHealthStepDocument | null> {
    return this.findOne({ countyCode }, { _id: stepId(referralId, revision + 1) });
  }

  forReferral(countyCode: string, referralId: string, revision: number): Promise<MentalHealthStepDocument[]> {
    return this.find({ countyCode }, { referralId, seq: { $lte: revision } }, { sort: { seq: 1 } });
  }
}
