import { parseServiceList, type ServiceList } from '@care/catalogue';
import { withOutboxUpdate, type OutboxEntry } from '@care/events';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { listDocumentId, SERVICE_LISTS, type ServiceListDocument } from './service-list.schema';

/** A list version as stored: the domain value plus what only storage knows. */
export interface StoredList {
  readonly list: ServiceList;
  readonly rev: number;
  readonly applied: boolean;
  readonly appliedAt: Date | null;
}

/** The only code that touches the service_lists collection. */
@Injectable()
export class ServiceListRepository {
  constructor(@InjectModel(SERVICE_LISTS) private readonly model: Model<ServiceListDocument>) {}

  get collection(): Model<ServiceListDocument>['collection'] {
    return this.model.collection;
  }

  private toStored(doc: ServiceListDocument): StoredList {
    const parsed = parseServiceList(
      {
        divisionCode: doc.divisionCode,
        level: doc.level,
        version: doc.version,
        status: doc.status,
        title: doc.title,
        effectiveFrom: doc.effectiveFrom,
        publishedAt: doc.publishedAt,
        basedOn: doc.basedOn,
        items: doc.items,
      },
      doc._id,
    );
    // A stored list that no longer parses was edited around the service: fail loudly, never guess.
    if (!parsed.ok)
      throw new Error(
        `stored service list ${doc._id} is invalid: ${parsed.problems.map((p) => p.message).join('; ')}`,
      );
    return { list: parsed.value, rev: doc.rev, applied: doc.applied, appliedAt: doc.appliedAt };
  }

  private toDocument(
    list: ServiceList,
    now: Date,
    extra: Pick<ServiceListDocument, 'applied' | 'appliedAt'>,
  ): ServiceListDocument {
    return {
      _id: listDocumentId(list.divisionCode, list.version),
      divisionCode: list.divisionCode,
      level: list.level,
      version: list.version,
      status: list.status,
      title: list.title,
      effectiveFrom: list.effectiveFrom,
      publishedAt: list.publishedAt,
      basedOn: list.basedOn,
      items: JSON.parse(JSON.stringify(list.items)) as unknown[],
      applied: extra.applied,
      appliedAt: extra.appliedAt,
      rev: 1,
      createdAt: now,
      updatedAt: now,
      outbox: [],
      outboxPending: false,
    };
  }

  /** Inserts a new version; false when that version number is already taken. */
  async insert(list: ServiceList, now: Date, applied = false): Promise<boolean> {
    try {
      await this.model.collection.insertOne(
        this.toDocument(list, now, { applied, appliedAt: applied ? now : null }) as never,
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async versions(divisionCode: string): Promise<StoredList[]> {
    const docs = await this.model
      .find({ divisionCode })
      .sort({ version: 1 })
      .lean<ServiceListDocument[]>()
      .exec();
    return docs.map((doc) => this.toStored(doc));
  }

  async get(divisionCode: string, version: number): Promise<StoredList | undefined> {
    const doc = await this.model
      .findById(listDocumentId(divisionCode, version))
      .lean<ServiceListDocument>()
      .exec();
    return doc === null ? undefined : this.toStored(doc);
  }

  /** Saves a draft's new content if nobody saved since `rev`; false on a lost race. */
  async saveDraft(list: ServiceList, rev: number, now: Date): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: listDocumentId(list.divisionCode, list.version), rev, status: 'draft' },
        {
          $set: {
            title: list.title,
            items: JSON.parse(JSON.stringify(list.items)) as unknown[],
            updatedAt: now,
          },
          $inc: { rev: 1 },
        },
      )
      .exec();
    return result.matchedCount === 1;
  }

  /** Publishes a draft with its announcement event, in one write; false on a lost race. */
  async publish(list: ServiceList, rev: number, now: Date, event: OutboxEntry): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: listDocumentId(list.divisionCode, list.version), rev, status: 'draft' } as never,
      withOutboxUpdate(
        {
          $set: {
            status: 'published',
            effectiveFrom: list.effectiveFrom,
            publishedAt: list.publishedAt,
            items: JSON.parse(JSON.stringify(list.items)) as unknown[],
            applied: false,
            appliedAt: null,
            updatedAt: now,
          },
          $inc: { rev: 1 },
        },
        [event],
      ) as never,
    );
    return result.matchedCount === 1;
  }

  /** Published versions not yet applied to children whose effective date has come, oldest first. */
  async dueForActivation(today: string): Promise<StoredList[]> {
    const docs = await this.model
      .find({ status: 'published', applied: false, effectiveFrom: { $lte: today } })
      .sort({ effectiveFrom: 1, version: 1 })
      .lean<ServiceListDocument[]>()
      .exec();
    return docs.map((doc) => this.toStored(doc));
  }

  async markApplied(divisionCode: string, version: number, now: Date): Promise<void> {
    await this.model
      .updateOne({ _id: listDocumentId(divisionCode, version) }, { $set: { applied: true, appliedAt: now } })
      .exec();
  }

  /** Every item code a division's lists ever used (so a new addition never reuses one). */
  async usedItemCodes(divisionCode: string): Promise<string[]> {
    const docs = await this.model
      .find({ divisionCode }, { items: 1 })
      .lean<Pick<ServiceListDocument, 'items'>[]>()
      .exec();
    return docs.flatMap((doc) => doc.items.map((item) => String((item as { code?: unknown }).code)));
  }
}
