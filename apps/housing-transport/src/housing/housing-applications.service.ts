import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { ulid } from 'ulid';
import { assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { today } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { DeliveriesService, DepartmentProjection, serviceDepartmentScope } from '@care/department-kit';
import { conflict, DomainError, failedPrecondition, notFound, permissionDenied } from '@care/errors';
import {
  assessHousingApplication,
  HOUSING_FORMS,
  HOUSING_STATUSES,
  isOpenHousingStatus,
  nextHousingStatus,
  type HousingAction,
  type HousingApplicationFacts,
  type HousingStatus,
} from '@care/housing-transport-rules';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { HousingTransportConfig } from '../config';
import {
  HOUSING_APPLICATIONS,
  type HousingApplicationDocument,
  type HousingStep,
} from './housing-application.schema';
import { HOUSING_POLICIES, type HousingPolicies } from './housing-policies.provider';

export interface HousingApplicationView {
  readonly applicationId: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly form: string;
  readonly formText: string;
  readonly status: HousingStatus;
  readonly statusText: string;
  readonly eligible: boolean;
  readonly problems: readonly { field: string; rule: string; message: string }[];
  /** 租赁补贴 per month in yuan (two decimals), for an eligible rent-subsidy application. */
  readonly monthlySubsidyYuan: string;
  readonly policySource: string;
  readonly submittedOn: string;
  readonly waitingSince: string | null;
  readonly unitCode: string | null;
  readonly deliveryRecorded: boolean;
  readonly steps: readonly HousingStep[];
  readonly rev: number;
}

export interface WaitingListPage {
  readonly asOf: string;
  readonly total: number;
  readonly offset: number;
  readonly rows: (HousingApplicationView & { position: number; daysWaiting: number })[];
}

/**
 * 住房保障 for migrant children's families (市住建局): an application assessed at submission
 * against the county's standard (configuration), approved to the public-rental waiting list or
 * to a rent subsidy, a unit allocated from the list in order; the grant of 住房保障服务 is then
 * recorded as delivered in the department's records (the catalogue closes the child's gap).
 */
@Injectable()
export class HousingApplicationsService {
  private readonly logger = new Logger('HousingApplications');

  constructor(
    @InjectModel(HOUSING_APPLICATIONS) private readonly model: Model<HousingApplicationDocument>,
    private readonly projection: DepartmentProjection,
    private readonly deliveries: DeliveriesService,
    @Inject(HOUSING_POLICIES) private readonly policies: HousingPolicies,
    @InjectConfig() private readonly config: HousingTransportConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async submit(
    actor: Actor,
    childId: string,
    facts: HousingApplicationFacts,
  ): Promise<HousingApplicationView> {
    this.requireHousingOfficer(actor);
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记在册的流动儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    if (child.facts.movedOut)
      throw failedPrecondition('该儿童已迁出，不能申请本县区住房保障', {
        field: 'childId',
        rule: '须为在册未迁出的流动儿童',
      });
    const policy = this.policies.get(child.countyCode);
    if (policy === undefined)
      throw failedPrecondition(`县区 ${child.countyCode} 尚未配置住房保障标准，暂不能受理`, {
        field: 'countyCode',
        rule: '须有本县区住房保障标准',
      });
    const day = today(this.clock);
    const now = this.clock.now();
    const doc: HousingApplicationDocument = {
      _id: ulid(),
      childId,
      countyCode: child.countyCode,
      facts,
      assessment: assessHousingApplication(facts, policy),
      policySource: policy.source,
      status: 'submitted',
      openKey: childId,
      submittedOn: day,
      waitingSince: null,
      unitCode: null,
      deliveryRecorded: false,
      steps: [{ to: 'submitted', on: day, by: actor.userId, at: now.toISOString(), note: '' }],
      rev: 1,
      updatedAt: now,
    };
    try {
      await this.model.collection.insertOne(doc as never);
    } catch (error) {
      if (isDuplicateKey(error))
        throw conflict('该儿童家庭已有办理中的住房保障申请（待审核或轮候中），不能重复申请', {
          field: 'childId',
          rule: '同一时间只能有一份办理中的申请',
        });
      throw error;
    }
    return this.view(doc);
  }

  /** Approve, reject, allocate or withdraw; `rev` is the revision the officer saw (stale: 409). */
  async act(actor: Actor, id: string, action: HousingAction, rev: number): Promise<HousingApplicationView> {
    this.requireHousingOfficer(actor);
    const doc = await this.load(actor, id);
    if (this.isReplay(doc, action)) return this.view(await this.ensureDelivery(actor, doc));
    if (doc.rev !== rev)
      throw conflict(`申请已被更新（当前版本 ${doc.rev}，提交的版本 ${rev}），请刷新后重试`, {
        field: 'rev',
        rule: '须为当前版本',
      });
    const transition = nextHousingStatus(doc.status, doc.facts.form, doc.assessment, action);
    if (!transition.ok)
      throw failedPrecondition(transition.message, { field: 'action', rule: transition.rule });
    const day = today(this.clock);
    const now = this.clock.now();
    const note =
      action.kind === 'reject' ? action.reason.trim() : action.kind === 'allocate' ? action.unitCode : '';
    const next: HousingApplicationDocument = {
      ...doc,
      status: transition.to,
      openKey: isOpenHousingStatus(transition.to) ? doc.childId : `${doc.childId}|${doc._id}`,
      waitingSince: transition.to === 'waiting' ? day : doc.waitingSince,
      unitCode: action.kind === 'allocate' ? action.unitCode : doc.unitCode,
      steps: [...doc.steps, { to: transition.to, on: day, by: actor.userId, at: now.toISOString(), note }],
      rev: doc.rev + 1,
      updatedAt: now,
    };
    const { _id, ...fields } = next;
    const result = await this.model.collection.updateOne(
      { _id: doc._id, rev: doc.rev } as never,
      { $set: fields } as never,
    );
    if (result.modifiedCount !== 1)
      throw conflict('申请正被他人同时办理，请刷新后重试', { field: 'rev', rule: '须为当前版本' });
    return this.view(await this.ensureDelivery(actor, next));
  }

  async get(actor: Actor, id: string): Promise<HousingApplicationView> {
    return this.view(await this.load(actor, id));
  }

  async forChild(actor: Actor, childId: string): Promise<HousingApplicationView[]> {
    const docs = await this.model
      .find({ childId, countyCode: { $in: [...countiesInScope(actor)] } })
      .sort({ _id: -1 })
      .lean<HousingApplicationDocument[]>()
      .exec();
    return docs.map((d) => this.view(d));
  }

  /** 轮候名单: approved public-rental applications of a county, earliest approval first. */
  async waitingList(
    actor: Actor,
    query: { countyCode?: string; offset?: number; limit?: number },
  ): Promise<WaitingListPage> {
    const filter = { countyCode: { $in: [...countiesInScope(actor, query.countyCode)] }, status: 'waiting' };
    const offset = query.offset ?? 0;
    const [total, docs] = await Promise.all([
      this.model.countDocuments(filter).exec(),
      this.model
        .find(filter)
        .sort({ waitingSince: 1, _id: 1 })
        .skip(offset)
        .limit(query.limit ?? 50)
        .lean<HousingApplicationDocument[]>()
        .exec(),
    ]);
    const asOf = today(this.clock);
    return {
      asOf,
      total,
      offset,
      rows: docs.map((d, i) => ({
        ...this.view(d),
        position: offset + i + 1,
        daysWaiting: Math.max(
          0,
          Math.round((Date.parse(asOf) - Date.parse(d.waitingSince ?? asOf)) / 86_400_000),
        ),
      })),
    };
  }

  private async load(actor: Actor, id: string): Promise<HousingApplicationDocument> {
    const doc = await this.model.findById(id).lean<HousingApplicationDocument>().exec();
    if (doc === null) throw notFound('住房保障申请', id);
    assertCountyInScope(actor, doc.countyCode);
    return doc;
  }

  /** The same approval or allocation again (a double click, a retry after a crash) is one. */
  private isReplay(doc: HousingApplicationDocument, action: HousingAction): boolean {
    if (action.kind === 'approve') return doc.status === 'waiting' || doc.status === 'subsidy-granted';
    if (action.kind === 'allocate') return doc.status === 'allocated' && doc.unitCode === action.unitCode;
    return false;
  }

  /**
   * Records 住房保障服务 as delivered once housing is secured (allocated, or the subsidy
   * granted). The application is saved first; a crash before this step is mended by the same
   * request again (a replay), and the delivery record itself is idempotent. A child the
   * catalogue has not granted the item to (no housing difficulty in the registry) keeps
   * `deliveryRecorded: false`: the application stands, there is no gap to close.
   */
  private async ensureDelivery(
    actor: Actor,
    doc: HousingApplicationDocument,
  ): Promise<HousingApplicationDocument> {
    if (doc.deliveryRecorded || (doc.status !== 'allocated' && doc.status !== 'subsidy-granted')) return doc;
    const securedOn = doc.steps[doc.steps.length - 1]?.on ?? today(this.clock);
    try {
      await this.deliveries.record(actor, {
        childId: doc.childId,
        itemCode: this.config.HOUSING_ITEM_CODE,
        outcome: 'delivered',
        onDate: securedOn,
      });
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'not-found' || error.code === 'failed-precondition')
      ) {
        this.logger.log({
          msg: 'housing secured; the child has no open housing entitlement',
          applicationId: doc._id,
        });
        return doc;
      }
      throw error;
    }
    await this.model.collection.updateOne(
      { _id: doc._id } as never,
      { $set: { deliveryRecorded: true } } as never,
    );
    return { ...doc, deliveryRecorded: true };
  }

  private requireHousingOfficer(actor: Actor): void {
    if (serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS) !== 'housing')
      throw permissionDenied('只有住房保障部门工作人员可以办理住房保障申请');
  }

  private view(doc: HousingApplicationDocument): HousingApplicationView {
    return {
      applicationId: doc._id,
      childId: doc.childId,
      countyCode: doc.countyCode,
      form: doc.facts.form,
      formText: HOUSING_FORMS[doc.facts.form],
      status: doc.status,
      statusText: HOUSING_STATUSES[doc.status],
      eligible: doc.assessment.eligible,
      problems: doc.assessment.problems,
      monthlySubsidyYuan: (doc.assessment.monthlySubsidyFen / 100).toFixed(2),
      policySource: doc.policySource,
      submittedOn: doc.submittedOn,
      waitingSince: doc.waitingSince,
      unitCode: doc.unitCode,
      deliveryRecorded: doc.deliveryRecorded,
      steps: doc.steps,
      rev: doc.rev,
    };
  }
}
