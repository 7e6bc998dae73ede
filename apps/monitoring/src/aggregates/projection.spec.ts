import { common } from '@care/contracts';
import { childFacts } from '@care/service-kit/testing';
import { ageBandOf } from './age-bands';
import {
  ContractViolation,
  deliveryUpdate,
  hukouProvinceOf,
  mergeChild,
  mergeDelivery,
  mergeGrant,
  mergeKeyCare,
  mergeVisit,
  projectChildFacts,
  type ChildState,
  type ChildUpdate,
  type EntitlementState,
  type VisitState,
} from './projection';
import type { DepartmentId } from '@care/catalogue';

const FULL: common.ChildFacts = childFacts('c-1', 3, {
  birthDate: '2015-03-10',
  residenceTownshipCode: '371702001',
  hukouCountyCode: '410102',
  difficultyTypes: [6, 1, 1, 99 as common.DifficultyType],
  disabled: true,
  orphan: true,
  minimumLiving: true,
});

describe('filtering projection', () => {
  it('keeps only the child id, codes, band, province, difficulty codes, version and flags', () => {
    const facts = projectChildFacts(FULL, '2026-09-20');
    expect(facts).toEqual({
      childId: 'c-1',
      version: 3,
      countyCode: '371702',
      townshipCode: '371702001',
      ageBand: '6-11',
      hukouProvince: '410000',
      difficultyCodes: ['cross-township-help-request', 'family-hardship'], // unknown 99 dropped, de-duplicated
      migrant: true,
      movedOut: false,
    });
    expect(JSON.stringify(facts)).not.toContain('2015-03-10');
  });

  it.each([
    ['no facts', undefined, /facts are required/],
    ['no child id', { ...FULL, childId: '' }, /child_id/],
    ['a version that is not a number', { ...FULL, version: 'x' }, /version/],
    ['a bad birth date', { ...FULL, birthDate: '2015-02-30' }, /birth_date/],
    ['a county that is not 6 digits', { ...FULL, residenceCountyCode: '3717' }, /residence_county_code/],
    [
      'a township that is not 9 digits',
      { ...FULL, residenceTownshipCode: '37170200' },
      /residence_township_code/,
    ],
  ])('refuses %s as a contract violation', (_why, facts, message) => {
    expect(() => projectChildFacts(facts as common.ChildFacts | undefined, '2026-09-20')).toThrow(
      ContractViolation,
    );
    expect(() => projectChildFacts(facts as common.ChildFacts | undefined, '2026-09-20')).toThrow(message);
  });

  it('drops the reason text of a delivery record', () => {
    const update = deliveryUpdate({
      deliveryId: 'd-1',
      childId: 'c-1',
      countyCode: '371702',
      itemCode: 'HZ-06',
      department: common.Department.DEPARTMENT_HEALTH,
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_REFUSED,
      reason: '家长说已在老家签约',
      onDate: '2026-09-01',
      recordedAt: '2026-09-01T10:00:00+08:00',
      revision: 2,
    });
    expect(JSON.stringify(update)).not.toContain('老家');
    expect(update.record).toEqual({
      deliveryId: 'd-1',
      department: 'health',
      outcome: 'refused',
      onDate: '2026-09-01',
      revision: 2,
    });
  });

  it.each([
    ['410102', '410000'],
    ['', ''],
    ['41', ''],
  ])('hukou %s is province %s', (code, province) => expect(hukouProvinceOf(code)).toBe(province));

  it.each([
    [-1, '0-2', 'a birth date after the day reads as the youngest band'],
    [0, '0-2', 'newborn'],
    [2, '0-2', 'last year of the infant band'],
    [3, '3-5', 'first preschool year'],
    [11, '6-11', 'last primary year'],
    [12, '12-14', 'first junior-secondary year'],
    [15, '15', 'the last year a child can be a migrant child'],
    [16, '16+', 'no longer qualifies (under 16)'],
  ])('age %i is band %s (%s)', (years, band) => expect(ageBandOf(years)).toBe(band));
});

describe('merges are idempotent and order-safe', () => {
  const v = (version: number, overrides: Partial<common.ChildFacts> = {}) =>
    projectChildFacts(childFacts('c-1', version, overrides), '2026-09-20');
  const registered: ChildUpdate = { facts: v(1), registeredOn: '2026-01-10', verifiedOn: '2026-01-10' };
  const updated: ChildUpdate = { facts: v(2, { residenceCountyCode: '371721' }), verifiedOn: '2026-09-01' };

  it('gives one state whatever the order, and nothing on a repeat', () => {
    const a = mergeChild(mergeChild(null, registered), updated) as ChildState;
    const b = mergeChild(mergeChild(null, updated), registered) as ChildState;
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      version: 2,
      countyCode: '371721',
      registeredOn: '2026-01-10',
      lastVerifiedOn: '2026-09-01',
    });
    expect(mergeChild(a, updated)).toBeNull();
    expect(mergeChild(a, registered)).toBeNull(); // older version, days already merged: changes nothing
  });

  it('orders ledger entries by instant; a close at the same instant wins', () => {
    const open = {
      entryId: 'e',
      childId: 'c',
      countyCode: '371702',
      townshipCode: '371702001',
      difficultyCodes: ['vagrancy'] as const,
      open: true,
      at: '2026-09-01T08:00:00+08:00',
    };
    const close = {
      entryId: 'e',
      childId: 'c',
      countyCode: '371702',
      open: false,
      at: '2026-09-01T00:00:00Z',
    };
    const opened = mergeKeyCare(null, open);
    const closed = mergeKeyCare(opened, close);
    expect(closed).toMatchObject({ open: false, townshipCode: '371702001', difficultyCodes: ['vagrancy'] });
    expect(mergeKeyCare(closed, open)).toBeNull();
    expect(mergeKeyCare(closed, { ...open, at: '2026-08-01T08:00:00+08:00' })).toBeNull();
  });

  it('keeps a visit done once recorded, whichever topic came first', () => {
    const ids = { visitId: 'v', entryId: 'e', childId: 'c', countyCode: '371702' };
    const planned = { ...ids, townshipCode: '371702001', dueOn: '2026-09-01' };
    const recorded = { ...ids, visitedOn: '2026-08-30' };
    expect(mergeVisit(mergeVisit(null, planned), recorded)).toEqual(
      mergeVisit(mergeVisit(null, recorded), planned),
    );
    expect(mergeVisit(mergeVisit(null, planned), planned)).toBeNull();
  });

  it('orders grants and withdrawals by instant (a withdrawal wins a tie) and deliveries by revision', () => {
    const grant = {
      childId: 'c',
      itemCode: 'HZ-06',
      countyCode: '371702',
      departments: ['health'] as const,
      granted: true,
      at: '2026-07-01T08:00:00+08:00',
    };
    const withdraw = { ...grant, granted: false, at: '2026-07-01T08:00:00+08:00' };
    const granted = mergeGrant(null, grant);
    expect(granted).toMatchObject({ granted: true, grantedOn: '2026-07-01' });
    expect(mergeGrant(granted, grant)).toBeNull();
    const withdrawn = mergeGrant(granted, withdraw);
    expect(withdrawn).toMatchObject({ granted: false });
    expect(mergeGrant(withdrawn, grant)).toBeNull();
    const record = {
      deliveryId: 'd',
      department: 'health' as const,
      outcome: 'pending' as const,
      onDate: '2026-07-02',
      revision: 1,
    };
    const pending = mergeDelivery(granted, { childId: 'c', itemCode: 'HZ-06', countyCode: '371702', record });
    const delivered = mergeDelivery(pending, {
      childId: 'c',
      itemCode: 'HZ-06',
      countyCode: '371702',
      record: { ...record, outcome: 'delivered', revision: 2 },
    });
    expect(delivered?.deliveries).toEqual([{ ...record, outcome: 'delivered', revision: 2 }]);
    expect(
      mergeDelivery(delivered, { childId: 'c', itemCode: 'HZ-06', countyCode: '371702', record }),
    ).toBeNull();
  });
});

describe('a record keeps one place whatever the order (a township never counts under another county)', () => {
  const ids = { visitId: 'v', entryId: 'e', childId: 'c' };
  const planned = { ...ids, countyCode: '371702', townshipCode: '371702001', dueOn: '2026-09-01' };
  const recordedElsewhere = { ...ids, countyCode: '371721', visitedOn: '2026-09-03' };

  it.each([
    ['planned, then recorded by the new county', [planned, recordedElsewhere]],
    ['recorded by the new county, then the plan', [recordedElsewhere, planned]],
  ])('a visit counts where it was planned: %s', (_why, updates) => {
    const state = updates.reduce<VisitState | null>((s, u) => mergeVisit(s, u) ?? s, null);
    expect(state).toMatchObject({
      countyCode: '371702',
      townshipCode: '371702001',
      dueOn: '2026-09-01',
      visitedOn: '2026-09-03',
    });
  });

  it('a visit seen only as recorded counts in its county with no township', () => {
    expect(mergeVisit(null, recordedElsewhere)).toMatchObject({ countyCode: '371721', townshipCode: '' });
  });

  it('a ledger entry closed by another county keeps no township of the old county', () => {
    const open = {
      entryId: 'e',
      childId: 'c',
      countyCode: '371702',
      townshipCode: '371702001',
      difficultyCodes: ['vagrancy'] as const,
      open: true,
      at: '2026-09-01T08:00:00+08:00',
    };
    const opened = mergeKeyCare(null, open);
    const closedHere = {
      entryId: 'e',
      childId: 'c',
      countyCode: '371702',
      open: false,
      at: '2026-09-02T08:00:00+08:00',
    };
    expect(mergeKeyCare(opened, closedHere)).toMatchObject({
      countyCode: '371702',
      townshipCode: '371702001',
    });
    expect(mergeKeyCare(opened, { ...closedHere, countyCode: '371721' })).toMatchObject({
      countyCode: '371721',
      townshipCode: '',
    });
  });
});

describe('grants: reassignment, re-grant and the grant day', () => {
  const grant = {
    childId: 'c',
    itemCode: 'HZ-05',
    countyCode: '371702',
    departments: ['education-sports'] as DepartmentId[],
    granted: true,
    at: '2026-07-01T08:00:00+08:00',
  };
  const granted = mergeGrant(null, grant) as EntitlementState;

  it.each<[string, Partial<typeof grant>, Partial<EntitlementState> | null]>([
    ['a repeat of the grant changes nothing', {}, null],
    [
      'a reassignment (same instant, other departments: the catalogue keeps the grant instant) moves the item',
      { departments: ['education-sports', 'human-resources'] },
      { departments: ['education-sports', 'human-resources'], grantedOn: '2026-07-01' },
    ],
    [
      'a later grant while granted keeps the first grant day (the gap keeps its age)',
      { at: '2026-08-15T08:00:00+08:00' },
      { grantedOn: '2026-07-01', stateAt: '2026-08-15T08:00:00+08:00' },
    ],
    ['an older grant changes nothing', { at: '2026-06-01T08:00:00+08:00' }, null],
    [
      'a withdrawal at the same instant wins and keeps the grant day',
      { granted: false },
      { granted: false, grantedOn: '2026-07-01' },
    ],
    [
      'a grant without departments keeps the known ones',
      { departments: [], at: '2026-08-01T08:00:00+08:00' },
      { departments: ['education-sports'] },
    ],
  ])('%s', (_why, change, expected) => {
    const next = mergeGrant(granted, { ...grant, ...change });
    if (expected === null) expect(next).toBeNull();
    else expect(next).toMatchObject(expected);
  });

  it('a re-grant after a withdrawal starts a new grant day; a grant after a same-instant withdrawal is ignored', () => {
    const withdrawn = mergeGrant(granted, { ...grant, granted: false, at: '2026-08-01T08:00:00+08:00' });
    expect(mergeGrant(withdrawn, { ...grant, at: '2026-08-01T08:00:00+08:00' })).toBeNull();
    expect(mergeGrant(withdrawn, { ...grant, at: '2026-09-02T08:00:00+08:00' })).toMatchObject({
      granted: true,
      grantedOn: '2026-09-02',
    });
  });
});
