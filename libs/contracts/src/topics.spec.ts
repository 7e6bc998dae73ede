import { ALL_EVENT_TYPES, DOMAINS, eventType, RegistryEvents, registry } from './index';

describe('topic registry', () => {
  it.each(ALL_EVENT_TYPES.map((t) => [t.topic, t] as const))(
    '%s follows <domain>.<entity>.<event>.v<N>',
    (topic, t) => {
      const [domain, , , version] = topic.split('.');
      expect(DOMAINS).toContain(domain);
      expect(version).toBe(`v${t.schemaVersion}`);
    },
  );

  it('declares each topic once', () => {
    const topics = ALL_EVENT_TYPES.map((t) => t.topic);
    expect(new Set(topics).size).toBe(topics.length);
  });

  it('refuses a name outside the scheme', () => {
    expect(() => eventType('registry', 'Child', 'registered', 1, registry.ChildRegistered)).toThrow(/breaks/);
    expect(() => eventType('registry', 'child', 'registered', 0, registry.ChildRegistered)).toThrow(/breaks/);
  });

  it('round-trips an event through its protobuf codec (int64 as string, dates as strings)', () => {
    const codec = RegistryEvents.childRegistered.codec;
    const value: registry.ChildRegistered = {
      facts: {
        childId: 'c-1',
        version: '9007199254740993',
        birthDate: '2015-02-28',
        sex: 2,
        residenceCountyCode: '371702',
        residenceTownshipCode: '371702001',
        hukouCountyCode: '410102',
        isMigrant: true,
        movedOut: false,
        difficultyTypes: [1, 6],
        educationStage: 3,
        inSchoolLocally: true,
        disabled: false,
        orphan: false,
        scatteredOrphan: false,
        deFactoUnsupported: false,
        keyHardship: false,
        seriouslyIll: false,
        aidsAffected: false,
        minimumLiving: true,
        destitute: false,
        temporaryAssistance: false,
        housingDifficulty: true,
        severeMentalDisorderAtHome: false,
      },
      hasIdNumber: true,
      registeredAt: '2026-01-01T00:00:00.000Z',
    };
    const decoded = codec.decode(codec.encode(value).finish());
    expect(decoded).toEqual(value);
  });
});
