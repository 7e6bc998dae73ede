import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { firstValueFrom } from 'rxjs';
import { actorMetadata, assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { educationStageFromProto } from '@care/catalogue';
import { today } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import type { education } from '@care/contracts';
import { DepartmentProjection, serviceDepartmentScope } from '@care/department-kit';
import { conflict, failedPrecondition, notFound, permissionDenied } from '@care/errors';
import {
  BUS_CARD_REVOCATIONS,
  decideBusCard,
  revocationFor,
  type BusCardRevocation,
  type EnrolmentChange,
  type SchoolingFact,
} from '@care/housing-transport-rules';
import { InjectModel, isDuplicateKey, oneOf } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { HousingTransportConfig } from '../config';
import { BUS_CARDS, type BusCardDocument } from './bus-card.schema';
import { EDUCATION_CLIENT, type EducationClient } from './education-client';

const MAX_WRITE_ATTEMPTS = 8;

export interface BusCardView {
  readonly cardNumber: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly stage: string;
  readonly grade: string;
  readonly schoolYear: string;
  readonly validFrom: string;
  readonly validUntil: string;
  /** active: usable today; expired: past its school year; revoked: see revokedReason. */
  readonly status: 'active' | 'expired' | 'revoked';
  readonly revokedReason: BusCardRevocation | null;
  readonly revokedReasonText: string | null;
  readonly revokedAt: string | null;
  readonly issuedAt: string;
}

export interface BusCardPage {
  readonly total: number;
  readonly offset: number;
  readonly rows: BusCardView[];
}

/**
 * 学生公交卡: issued by the transport bureau of the school's county to a registered migrant
 * child whom education records as studying there now (asked over gRPC, never retyped), valid to
 * the school year's end; revoked when education reports the child left or changed school.
 */
@Injectable()
export class BusCardsService {
  constructor(
    @InjectModel(BUS_CARDS) private readonly cards: Model<BusCardDocument>,
    @Inject(EDUCATION_CLIENT) private readonly education: EducationClient,
    private readonly projection: DepartmentProjection,
    @InjectConfig() private readonly config: HousingTransportConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /** Issues the child's card for its current school (the same card again when one is active). */
  async issue(actor: Actor, childId: string): Promise<{ created: boolean; card: BusCardView }> {
    if (serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS) !== 'transport')
      throw permissionDenied('只有交通运输部门工作人员可以办理学生公交卡');
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记在册的流动儿童', childId);
    if (child.facts.movedOut)
      throw failedPrecondition('该儿童已迁出，不能办理学生公交卡', {
        field: 'childId',
        rule: '须为在册未迁出的流动儿童',
      });
    const schooling = await this.schoolingOf(actor, childId);
    if (schooling !== undefined) assertCountyInScope(actor, schooling.countyCode);
    const day = today(this.clock);
    const decision = decideBusCard(schooling, day, {
      stages: this.config.BUS_CARD_STAGES,
      cityCode: this.config.CITY_CODE,
    });
    if (!decision.ok) throw failedPrecondition(decision.message, { field: 'childId', rule: decision.rule });
    const school = schooling as SchoolingFact;

    const id = `${childId}|${school.schoolYear}|${school.schoolCode}`;
    const issued = {
      childId,
      countyCode: school.countyCode,
      schoolCode: school.schoolCode,
      schoolName: school.schoolName,
      stage: school.stage,
      grade: school.grade,
      schoolYear: school.schoolYear,
      validFrom: decision.validFrom,
      validUntil: decision.validUntil,
      status: 'active' as const,
      revokedReason: null,
      revokedAt: null,
      enrolmentRevision: school.revision,
      issuedBy: actor.userId,
      issuedAt: this.clock.now().toISOString(),
      updatedAt: this.clock.now(),
    };
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.cards.findById(id).lean<BusCardDocument>().exec();
      if (existing?.status === 'active') return { created: false, card: this.view(existing) };
      if (existing === null) {
        try {
          const doc: BusCardDocument = { _id: id, cardNumber: this.cardNumber(school), ...issued, rev: 1 };
          await this.cards.collection.insertOne(doc as never);
          return { created: true, card: this.view(doc) };
        } catch (error) {
          if (isDuplicateKey(error)) continue; // a concurrent issue, or a card number taken: read again
          throw error;
        }
      }
      // Revoked (left and came back to the same school this year): the same card, active again.
      const result = await this.cards.collection.updateOne(
        { _id: id, rev: existing.rev } as never,
        { $set: issued, $inc: { rev: 1 } } as never,
      );
      if (result.modifiedCount === 1)
        return { created: true, card: this.view({ ...existing, ...issued, rev: existing.rev + 1 }) };
    }
    throw conflict('学生公交卡正被同时办理，请稍后重试');
  }

  /** The child's cards in the actor's counties, newest school year first. */
  async forChild(actor: Actor, childId: string): Promise<BusCardView[]> {
    const docs = await this.cards
      .find({ childId, countyCode: oneOf(countiesInScope(actor)) })
      .sort({ schoolYear: -1, issuedAt: -1 })
      .lean<BusCardDocument[]>()
      .exec();
    return docs.map((d) => this.view(d));
  }

  /** The county's cards (the actor's counties when none is named), by child. */
  async list(
    actor: Actor,
    query: { countyCode?: string; status?: 'active' | 'revoked'; offset?: number; limit?: number },
  ): Promise<BusCardPage> {
    const filter: Record<string, unknown> = { countyCode: oneOf(countiesInScope(actor, query.countyCode)) };
    if (query.status !== undefined) filter.status = query.status;
    const offset = query.offset ?? 0;
    const [total, docs] = await Promise.all([
      this.cards.countDocuments(filter).exec(),
      this.cards
        .find(filter)
        .sort({ _id: 1 })
        .skip(offset)
        .limit(query.limit ?? 50)
        .lean<BusCardDocument[]>()
        .exec(),
    ]);
    return { total, offset, rows: docs.map((d) => this.view(d)) };
  }

  /** Education's EnrolmentChanged: a child who left or changed school loses its active cards. */
  async applyEnrolmentChange(childId: string, change: EnrolmentChange, changedAt: string): Promise<number> {
    let revoked = 0;
    const active = await this.cards.find({ childId, status: 'active' }).lean<BusCardDocument[]>().exec();
    for (let card of active) {
      for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
        const reason = card.status === 'active' ? revocationFor(card, change) : undefined;
        if (reason === undefined) break;
        const result = await this.cards.collection.updateOne(
          { _id: card._id, rev: card.rev } as never,
          {
            $set: {
              status: 'revoked',
              revokedReason: reason,
              revokedAt: changedAt,
              updatedAt: this.clock.now(),
            },
            $inc: { rev: 1 },
          } as never,
        );
        if (result.modifiedCount === 1) {
          revoked++;
          break;
        }
        const fresh = await this.cards.findById(card._id).lean<BusCardDocument>().exec();
        if (fresh === null) break;
        card = fresh;
      }
    }
    return revoked;
  }

  private async schoolingOf(actor: Actor, childId: string): Promise<SchoolingFact | undefined> {
    const answer: education.GetChildSchoolingResponse = await firstValueFrom(
      this.education.getChildSchooling({ childId }, actorMetadata(actor)),
    );
    const s = answer.schooling;
    if (!answer.enrolled || s === undefined) return undefined;
    return {
      schoolCode: s.schoolCode,
      schoolName: s.schoolName,
      countyCode: s.countyCode,
      stage: educationStageFromProto(s.stage),
      grade: s.grade,
      schoolYear: s.schoolYear,
      revision: s.revision,
    };
  }

  /** 16 digits: the county, the school year's start (2 digits), 8 random digits. */
  private cardNumber(school: SchoolingFact): string {
    return `${school.countyCode}${school.schoolYear.slice(2, 4)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  }

  private view(doc: BusCardDocument): BusCardView {
    const expired = doc.status === 'active' && doc.validUntil < today(this.clock);
    return {
      cardNumber: doc.cardNumber,
      childId: doc.childId,
      countyCode: doc.countyCode,
      schoolCode: doc.schoolCode,
      schoolName: doc.schoolName,
      stage: doc.stage,
      grade: doc.grade,
      schoolYear: doc.schoolYear,
      validFrom: doc.validFrom,
      validUntil: doc.validUntil,
      status: doc.status === 'revoked' ? 'revoked' : expired ? 'expired' : 'active',
      revokedReason: doc.revokedReason,
      revokedReasonText: doc.revokedReason === null ? null : BUS_CARD_REVOCATIONS[doc.revokedReason],
      revokedAt: doc.revokedAt,
      issuedAt: doc.issuedAt,
    };
  }
}
