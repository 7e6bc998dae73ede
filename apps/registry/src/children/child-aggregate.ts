import { common, registry, RegistryEvents } from '@care/contracts';
import {
  determineMigrantStatus,
  difficultyTypeToProto,
  type LocalDate,
  type MigrantRuleConfig,
} from '@care/child-rules';
import { countyOf, resolveDivision } from '@care/divisions';
import { EDUCATION_STAGES } from '@care/catalogue';
import { outboxEntry, type OutboxEntry } from '@care/events';
import type { ChildFieldName, ChildRecord, ResidencePeriod, StoredDetermination } from './child.types';

// The rules of a child record that do not touch storage: the determination, the facts other
// departments receive, and the events each kind of change emits. Pure, so the REST path, the
// daily job and the Excel import all behave the same and are unit-tested in one place.

/** The `producer` of every registry event. */
export const PRODUCER = 'registry';

export const MIGRANT_RULE_CONFIG = Symbol.for('care.registry.migrant-rule-config');

/** The facts the migrant-child rule reads. */
export type DeterminationInput = Pick<
  ChildRecord,
  'birthDate' | 'hukouDivisionCode' | 'residenceHistory' | 'accompaniedBy'
>;

export function currentResidence(record: Pick<ChildRecord, 'residenceHistory'>): ResidencePeriod {
  const current = record.residenceHistory[record.residenceHistory.length - 1];
  if (current === undefined) throw new Error('a child record without a residence period');
  return current;
}

/** 流动儿童 determination for a date, in the stored form (nextChangeOn null when it never changes). */
export function determine(
  record: DeterminationInput,
  asOf: LocalDate,
  config: MigrantRuleConfig,
): StoredDetermination {
  const residence = currentResidence(record);
  const status = determineMigrantStatus(
    {
      birthDate: record.birthDate,
      hukouDivisionCode: record.hukouDivisionCode,
      residence:
        residence.movedOutOn === undefined
          ? { divisionCode: residence.divisionCode, movedInOn: residence.movedInOn }
          : { ...residence },
      accompaniedBy: record.accompaniedBy,
    },
    asOf,
    config,
  );
  return {
    isMigrant: status.isMigrant,
    reasons: status.reasons,
    asOf,
    nextChangeOn: status.nextChangeOn ?? null,
  };
}

/** Scope keys of a residence division: its current county and, for a township code, the township. */
export function scopeOfDivision(
  divisionCode: string,
): { countyCode: string; townshipCode: string } | undefined {
  const county = countyOf(divisionCode);
  if (county === undefined) return undefined;
  const division = resolveDivision(divisionCode);
  const township = division?.level === 'township' ? (division.historical?.successor ?? division.code) : '';
  return { countyCode: county, townshipCode: township };
}

const SEX_TO_PROTO: Readonly<Record<ChildRecord['sex'], common.Sex>> = {
  male: common.Sex.SEX_MALE,
  female: common.Sex.SEX_FEMALE,
};

/** common.v1.ChildFacts: what other departments learn about a child (no name, ID number, phone or address). */
export function toChildFacts(record: ChildRecord): common.ChildFacts {
  const c = record.circumstances;
  return {
    childId: record._id,
    version: String(record.version),
    birthDate: record.birthDate,
    sex: SEX_TO_PROTO[record.sex],
    residenceCountyCode: record.countyCode,
    residenceTownshipCode: record.townshipCode,
    hukouCountyCode: countyOf(record.hukouDivisionCode) ?? '',
    isMigrant: record.determination.isMigrant,
    movedOut: record.movedOut,
    difficultyTypes: record.difficultyTypes.map((t) => difficultyTypeToProto(t) as common.DifficultyType),
    educationStage: EDUCATION_STAGES[record.education.stage].protoNumber as common.EducationStage,
    inSchoolLocally: record.education.inSchoolLocally,
    disabled: c.disabled,
    orphan: c.orphan,
    scatteredOrphan: c.scatteredOrphan,
    deFactoUnsupported: c.deFactoUnsupported,
    keyHardship: c.keyHardship,
    seriouslyIll: c.seriouslyIll,
    aidsAffected: c.aidsAffected,
    minimumLiving: c.minimumLiving,
    destitute: c.destitute,
    temporaryAssistance: c.temporaryAssistance,
    housingDifficulty: c.housingDifficulty,
    severeMentalDisorderAtHome: c.severeMentalDisorderAtHome,
  };
}

/** What happened to the record, to decide its events. */
export type ChildChange =
  | { kind: 'registered' }
  | { kind: 'updated'; changedFields: readonly ChildFieldName[] }
  | { kind: 'moved-out'; movedOutOn: LocalDate; toDivisionCode: string }
  | { kind: 'recomputed' };

/**
 * The events of a change, in order, for the outbox of the same write. MigrantStatusChanged only
 * when the status itself changed (a new record counts as changed when it is a migrant child:
 * it enters the population). `after` is the record as it will be stored (new version included).
 */
export function eventsFor(
  change: ChildChange,
  after: ChildRecord,
  previousIsMigrant: boolean | undefined,
  at: Date,
): OutboxEntry[] {
  const facts = toChildFacts(after);
  const key = after._id;
  const occurredAt = at.toISOString();
  const entries: OutboxEntry[] = [];
  switch (change.kind) {
    case 'registered':
      entries.push(
        outboxEntry(
          RegistryEvents.childRegistered,
          key,
          {
            facts,
            hasIdNumber: !after.missingIdNumber,
            registeredAt: occurredAt,
          } satisfies registry.ChildRegistered,
          PRODUCER,
          { occurredAt },
        ),
      );
      break;
    case 'updated':
      entries.push(
        outboxEntry(
          RegistryEvents.childUpdated,
          key,
          {
            facts,
            changedFields: [...change.changedFields],
            updatedAt: occurredAt,
          } satisfies registry.ChildUpdated,
          PRODUCER,
          { occurredAt },
        ),
      );
      break;
    case 'moved-out':
      entries.push(
        outboxEntry(
          RegistryEvents.childMovedOut,
          key,
          {
            facts,
            movedOutOn: change.movedOutOn,
            toDivisionCode: change.toDivisionCode,
          } satisfies registry.ChildMovedOut,
          PRODUCER,
          { occurredAt },
        ),
      );
      break;
    case 'recomputed':
      break;
    default:
      return assertNever(change);
  }
  const wasMigrant = previousIsMigrant ?? false;
  if (after.determination.isMigrant !== wasMigrant) {
    entries.push(
      outboxEntry(
        RegistryEvents.migrantStatusChanged,
        key,
        {
          facts,
          isMigrant: after.determination.isMigrant,
          reasons: [...after.determination.reasons],
          asOf: after.determination.asOf,
          nextChangeOn: after.determination.nextChangeOn ?? '',
        } satisfies registry.MigrantStatusChanged,
        PRODUCER,
        { occurredAt },
      ),
    );
  }
  return entries;
}

function assertNever(value: never): never {
  throw new Error(`unhandled change: ${JSON.stringify(value)}`);
}
