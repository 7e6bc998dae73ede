// Helpers for the services-catalog integration spec: the real app on the real Kafka and database.
import { common, registry } from '@care/contracts';
export { freePort, sleep, uniqueSuffix as uid, waitFor } from '@care/service-kit/testing';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
export const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';

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
