// Helpers for the services-catalog integration spec: the real app on the real Kafka and database.
import { common, registry } from '@care/contracts';
import { createServer } from 'node:net';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
export const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';

/** A run-unique suffix for topics, groups and the database (lowercase: it goes into topic names). */
export function uid(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** common.v1.ChildFacts of a migrant child in 牡丹区 with nothing special; tests override what they test. */
export function childFacts(
  childId: string,
  version: number,
  overrides: Partial<common.ChildFacts> = {},
): common.ChildFacts {
  return {
    childId,
    version: String(version),
    birthDate: '2019-09-15',
    sex: common.Sex.SEX_FEMALE,
    residenceCountyCode: '371702',
    residenceTownshipCode: '',
    hukouCountyCode: '410102',
    isMigrant: true,
    movedOut: false,
    difficultyTypes: [],
    educationStage: common.EducationStage.EDUCATION_STAGE_PRESCHOOL,
    inSchoolLocally: true,
    disabled: false,
    orphan: false,
    scatteredOrphan: false,
    deFactoUnsupported: false,
    keyHardship: false,
    seriouslyIll: false,
    aidsAffected: false,
    minimumLiving: false,
    destitute: false,
    temporaryAssistance: false,
    housingDifficulty: false,
    severeMentalDisorderAtHome: false,
    ...overrides,
  };
}

export function registered(facts: common.ChildFacts): registry.ChildRegistered {
  return { facts, hasIdNumber: true, registeredAt: '2025-06-01T08:00:00+08:00' };
}

export function updated(facts: common.ChildFacts, changedFields: string[]): registry.ChildUpdated {
  return { facts, changedFields, updatedAt: '2025-06-01T09:00:00+08:00' };
}
