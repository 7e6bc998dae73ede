import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { PROJECTION_MODELS, type ProjectionKind } from './projection.schema';
import type { ComparisonTaskState, PushState } from './exchange-projection';
import type { ChildState, EnrolmentState, EntitlementState, KeyCareState, VisitState } from './projection';

/** The state each projection kind stores. */
export interface StateOf {
  children: ChildState;
  'key-care': KeyCareState;
  visits: VisitState;
  entitlements: EntitlementState;
  enrolments: EnrolmentState;
  pushes: PushState;
  'comparison-tasks': ComparisonTaskState;
}

/** The document key of a state. */
export const STATE_IDS: { readonly [K in ProjectionKind]: (state: StateOf[K]) => string } = {
  children: (s) => s.childId,
  'key-care': (s) => s.entryId,
  visits: (s) => s.visitId,
  entitlements: (s) => entitlementId(s.childId, s.itemCode),
  enrolments: (s) => s.childId,
  pushes: (s) => s.messageId,
  'comparison-tasks': (s) => s.taskId,
};

export function entitlementId(childId: string, itemCode: string): string {
  return `${childId}|${itemCode}`;
}

export interface Stored<S> {
  readonly state: S;
  readonly rev: number;
}

type Doc = Record<string, unknown> & { _id: string; rev: number };

function stateOf<S>(doc: Doc): S {
  const { _id: _key, rev: _rev, ...state } = doc;
  return state as S;
}

/** The only code touching the projection's collections: read, and write conditionally on `rev`. */
@Injectable()
export class ProjectionRepository {
  private readonly models: Readonly<Record<ProjectionKind, Model<Doc>>>;

  constructor(
    @InjectModel(PROJECTION_MODELS.children) children: Model<Doc>,
    @InjectModel(PROJECTION_MODELS['key-care']) keyCare: Model<Doc>,
    @InjectModel(PROJECTION_MODELS.visits) visits: Model<Doc>,
    @InjectModel(PROJECTION_MODELS.entitlements) entitlements: Model<Doc>,
    @InjectModel(PROJECTION_MODELS.enrolments) enrolments: Model<Doc>,
    @InjectModel(PROJECTION_MODELS.pushes) pushes: Model<Doc>,
    @InjectModel(PROJECTION_MODELS['comparison-tasks']) comparisonTasks: Model<Doc>,
  ) {
    this.models = {
      children,
      'key-care': keyCare,
      visits,
      entitlements,
      enrolments,
      pushes,
      'comparison-tasks': comparisonTasks,
    };
  }

  async find<K extends ProjectionKind>(kind: K, id: string): Promise<Stored<StateOf[K]> | null> {
    const doc = await this.models[kind].findById(id).lean<Doc>().exec();
    return doc === null ? null : { state: stateOf<StateOf[K]>(doc), rev: doc.rev };
  }

  /**
   * Writes `state` if the document is still at `rev` (null: does not exist yet). False when
   * another writer got there first: the caller reads again and decides again.
   */
  async write<K extends ProjectionKind>(kind: K, rev: number | null, state: StateOf[K]): Promise<boolean> {
    const id = STATE_IDS[kind](state);
    const model = this.models[kind];
    if (rev === null) {
      try {
        await model.create({ _id: id, rev: 1, ...state });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const result = await model.updateOne({ _id: id, rev }, { $set: { ...state, rev: rev + 1 } }).exec();
    return result.matchedCount === 1;
  }

  /** Every stored state of a kind, streamed (the start-up rebuild of the aggregates). */
  async *all<K extends ProjectionKind>(kind: K): AsyncGenerator<StateOf[K]> {
    const cursor = this.models[kind].find({}).lean<Doc>().cursor({ batchSize: 1000 });
    for await (const doc of cursor) yield stateOf<StateOf[K]>(doc as Doc);
  }
}
