import { RegistryEvents, registry } from '@care/contracts';
import { HEZE_CENTRAL_URBAN } from '@care/divisions';
import { makeIdNumber } from '@care/identity';
import {
  applyMoveIn,
  applyMoveOut,
  applyPatch,
  applyRecompute,
  buildNewChild,
  normalisePhone,
  type NewChildInput,
  type Sealer,
} from './child-builder';
import type { ChildRecord } from './child.types';

// A transparent fake of PersonalDataService: the unit tests check what gets sealed, not SM4.
const sealer: Sealer = { seal: (p) => `sealed(${p})`, idNumberIndex: (n) => `bi1:${n}` };
const rules = { centralUrban: HEZE_CENTRAL_URBAN };
const now = new Date('2025-06-01T04:00:00Z');
const ctx = { childId: '01JCHILD', now, today: '2025-06-01', rules, sealer };

function input(overrides: Partial<NewChildInput> = {}): NewChildInput {
  return {
    name: '张小明',
    idNumber: makeIdNumber('371721', '2015-03-10', 123),
    hukouDivisionCode: '371721001',
    hukouAddress: '曹县某村',
    residence: { divisionCode: '371702001', movedInOn: '2024-09-01', address: '牡丹区某路' },
    accompaniedBy: 'one-parent',
    guardians: [{ name: '张大山', relation: '父亲', phone: '138 1234 5678' }],
    source: 'manual',
    ...overrides,
  };
}

function topics(record: { outbox: { eventType: string }[] }): string[] {
  return record.outbox.map((e) => e.eventType);
}

describe('buildNewChild', () => {
  it('seals every personal field, derives birth date and sex from the ID number, and emits registration + status', () => {
    const record = buildNewChild(input(), ctx);
    expect(record.personal).toEqual({
      name: 'sealed(张小明)',
      idNumber: `sealed(${makeIdNumber('371721', '2015-03-10', 123)})`,
      hukouAddress: 'sealed(曹县某村)',
      residenceAddress: 'sealed(牡丹区某路)',
    });
    expect(record.guardians).toEqual([
      { name: 'sealed(张大山)', relation: '父亲', phone: 'sealed(13812345678)' },
    ]);
    expect(record).toMatchObject({
      birthDate: '2015-03-10',
      sex: 'male',
      countyCode: '371702',
      townshipCode: '371702001',
      version: 1,
      missingIdNumber: false,
      outboxPending: true,
    });
    expect(record.determination).toMatchObject({ isMigrant: true, nextChangeOn: '2031-03-10' });
    expect(topics(record)).toEqual([
      RegistryEvents.childRegistered.topic,
      RegistryEvents.migrantStatusChanged.topic,
    ]);
    const registered = registry.ChildRegistered.decode(record.outbox[0].payload);
    expect(registered.facts?.childId).toBe('01JCHILD');
    expect(JSON.stringify(registered)).not.toContain('张');
  });

  it('holds a child without an ID number: placeholder index, flagged, no status event when not migrant', () => {
    const record = buildNewChild(
      input({
        idNumber: '',
        birthDate: '2018-05-05',
        sex: 'female',
        residence: { divisionCode: '371721002', movedInOn: '2024-09-01', address: 'x' },
      }),
      ctx,
    );
    expect(record).toMatchObject({
      missingIdNumber: true,
      idNumberIndex: 'none:01JCHILD',
      birthDate: '2018-05-05',
      sex: 'female',
    });
    expect(record.personal.idNumber).toBeUndefined();
    expect(record.determination.isMigrant).toBe(false); // same county
    expect(topics(record)).toEqual([RegistryEvents.childRegistered.topic]);
  });

  // [overrides, field, reason]
  const refusals: [Partial<NewChildInput>, string, string][] = [
    [{ name: '  ' }, 'name', 'name is required'],
    [{ idNumber: '371721201503101230' }, 'idNumber', 'wrong check character'],
    [
      { idNumber: makeIdNumber('371721', '2015-03-10', 123), birthDate: '2015-03-11' },
      'birthDate',
      'birth date disagrees with the ID number',
    ],
    [
      { idNumber: makeIdNumber('371721', '2015-03-10', 123), sex: 'female' },
      'sex',
      'sex disagrees with the ID number (odd sequence = male)',
    ],
    [{ idNumber: undefined }, 'birthDate', 'without an ID number the birth date is required'],
    [{ idNumber: undefined, birthDate: '2018-01-01' }, 'sex', 'without an ID number the sex is required'],
    [{ idNumber: undefined, birthDate: '2026-01-01', sex: 'male' }, 'birthDate', 'a birth date after today'],
    [{ hukouDivisionCode: '999999' }, 'hukouDivisionCode', 'unknown hukou division'],
    [
      { residence: { divisionCode: '12345', movedInOn: '2024-09-01', address: '' } },
      'residence.divisionCode',
      'unknown residence division',
    ],
    [
      { residence: { divisionCode: '371702001', movedInOn: '2014-01-01', address: '' } },
      'residence.movedInOn',
      'moved in before birth',
    ],
    [
      { residence: { divisionCode: '371702001', movedInOn: '2025-06-02', address: '' } },
      'residence.movedInOn',
      'moved in after today',
    ],
    [
      { guardians: [{ name: '李四', relation: '母亲', phone: '12345' }] },
      'guardians[0].phone',
      'not a phone number',
    ],
    [
      { guardians: [{ name: '', relation: '母亲', phone: '13800000000' }] },
      'guardians[0].name',
      'guardian name is required',
    ],
  ];
  it.each(refusals)('refuses %p on field %s (%s)', (overrides, field) => {
    expect(() => buildNewChild(input(overrides), ctx)).toThrow(
      expect.objectContaining({ code: 'invalid-argument', field }),
    );
  });
});

describe('changes', () => {
  const registered = (): ChildRecord => ({
    ...buildNewChild(input(), ctx),
    outbox: [],
    outboxPending: false,
  });
  const change = { now, today: '2025-06-01', rules, sealer };

  it('a patch that does not change the status emits ChildUpdated only, naming the fields', () => {
    const t = applyPatch(registered(), { circumstances: { disabled: true }, askedForHelp: true }, change);
    expect(t.after.version).toBe(2);
    expect(t.changedFields.sort()).toEqual(['askedForHelp', 'circumstances']);
    expect(t.events.map((e) => e.eventType)).toEqual([RegistryEvents.childUpdated.topic]);
  });

  it('a patch changing nothing is refused, or gives undefined when allowed', () => {
    expect(() => applyPatch(registered(), { askedForHelp: false }, change)).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    );
    expect(
      applyPatch(registered(), { askedForHelp: false }, change, { allowNoChange: true }),
    ).toBeUndefined();
  });

  it('a hukou change into the residence county ends the migrant status: ChildUpdated + MigrantStatusChanged', () => {
    const t = applyPatch(registered(), { hukouDivisionCode: '371702002' }, change);
    expect(t.after.determination.isMigrant).toBe(false);
    expect(t.events.map((e) => e.eventType)).toEqual([
      RegistryEvents.childUpdated.topic,
      RegistryEvents.migrantStatusChanged.topic,
    ]);
  });

  it('a move-out keeps the residence period with its end date and emits ChildMovedOut + MigrantStatusChanged', () => {
    const t = applyMoveOut(registered(), { movedOutOn: '2025-06-01', toDivisionCode: '370102' }, change);
    expect(t.after.residenceHistory).toEqual([
      { divisionCode: '371702001', movedInOn: '2024-09-01', movedOutOn: '2025-06-01' },
    ]);
    expect(t.events.map((e) => e.eventType)).toEqual([
      RegistryEvents.childMovedOut.topic,
      RegistryEvents.migrantStatusChanged.topic,
    ]);
    expect(() => applyMoveOut(t.after, { movedOutOn: '2025-06-01' }, change)).toThrow(
      expect.objectContaining({ field: 'movedOutOn' }),
    );
  });

  it('an announced move-out date ahead keeps the status until that day', () => {
    const t = applyMoveOut(registered(), { movedOutOn: '2025-07-01' }, change);
    expect(t.after.determination).toMatchObject({ isMigrant: true, nextChangeOn: '2025-07-01' });
    expect(t.events.map((e) => e.eventType)).toEqual([RegistryEvents.childMovedOut.topic]);
  });

  it('a move-in to another county moves the record (scope) and closes the previous period', () => {
    const t = applyMoveIn(
      registered(),
      { divisionCode: '371723106', movedInOn: '2025-05-01', address: '成武县' },
      change,
    );
    expect(t.after).toMatchObject({ countyCode: '371723', townshipCode: '371723106' });
    expect(t.after.residenceHistory).toEqual([
      { divisionCode: '371702001', movedInOn: '2024-09-01', movedOutOn: '2025-05-01' },
      { divisionCode: '371723106', movedInOn: '2025-05-01' },
    ]);
    // Cross-county still, but under six months at the new place: no longer a migrant child.
    expect(t.after.determination.isMigrant).toBe(false);
  });

  // [today, expected isMigrant, expected events, reason]
  const daily: [string, boolean, string[], string][] = [
    ['2031-03-09', true, [], 'the day before the 16th birthday: unchanged, no event'],
    [
      '2031-03-10',
      false,
      [RegistryEvents.migrantStatusChanged.topic],
      'the 16th birthday: out of the population, one event',
    ],
  ];
  it.each(daily)('daily recomputation on %s -> migrant %p (%s)', (today, isMigrant, events) => {
    const t = applyRecompute(registered(), { now, today, rules });
    expect(t.after.determination.isMigrant).toBe(isMigrant);
    expect(t.events.map((e) => e.eventType)).toEqual(events);
  });
});

describe('normalisePhone', () => {
  // [typed, stored, reason]
  const rows: [string, string | undefined, string][] = [
    ['13812345678', '13812345678', 'plain mobile'],
    ['138 1234 5678', '13812345678', 'spaces'],
    ['138-1234-5678', '13812345678', 'dashes'],
    ['+86 138 1234 5678', '13812345678', 'country code'],
    ['１３８１２３４５６７８', '13812345678', 'full-width digits'],
    ['0530-5551234', '05305551234', 'landline with area code'],
    ['5551234', undefined, 'landline without area code'],
    ['12812345678', undefined, 'not a mobile prefix'],
    ['', undefined, 'blank'],
  ];
  it.each(rows)('%p -> %p (%s)', (typed, stored) => {
    expect(normalisePhone(typed)).toBe(stored);
  });
});
