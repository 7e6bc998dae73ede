import { hezeBasicList, type ChildFacts, type ServiceList } from '@care/catalogue';
import { planEntitlements, type ChildEntitlementState, type PlanInput } from './entitlement-plan';

const city = hezeBasicList();
const T0 = new Date('2025-06-01T02:00:00Z');
const T1 = new Date('2025-07-01T02:00:00Z');

function facts(overrides: Partial<ChildFacts> = {}): ChildFacts {
  return {
    birthDate: '2019-09-15',
    educationStage: 'preschool',
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
    isMigrant: true,
    movedOut: false,
    difficultyTypes: [],
    ...overrides,
  };
}

function plan(input: Partial<PlanInput> & { previous: ChildEntitlementState | null }) {
  return planEntitlements({
    countyCode: '371702',
    facts: facts(),
    list: city,
    asOf: '2025-06-01',
    now: T0,
    reason: 'facts-changed',
    ...input,
  });
}

function state(p: ReturnType<typeof plan>, countyCode = '371702'): ChildEntitlementState {
  return { countyCode, list: p.list, items: p.items, recomputeOn: p.recomputeOn };
}

const codes = (records: readonly { itemCode: string }[]) => records.map((r) => r.itemCode);

describe('planEntitlements', () => {
  const first = plan({ previous: null });

  it('grants everything on first sight, dated now, with the next age boundary to recompute on', () => {
    expect(codes(first.granted)).toEqual([
      'HZ-01',
      'HZ-02',
      'HZ-06',
      'HZ-07',
      'HZ-18',
      'HZ-19',
      'HZ-20',
      'HZ-21',
    ]);
    expect(first.withdrawn).toEqual([]);
    expect(first.items[0]).toMatchObject({
      grantedAt: T0.toISOString(),
      grantedOn: '2025-06-01',
      list: { divisionCode: '371700', version: 1 },
      deliveries: [],
    });
    expect(first.recomputeOn).toBe('2025-09-15'); // the 6th birthday: compulsory age for a child out of school
    expect(first.changed).toBe(true);
    expect(first.openCount).toBe(8);
  });

  it('the same facts again change nothing and emit nothing (a replay)', () => {
    const again = plan({ previous: state(first), now: T1 });
    expect({
      granted: again.granted,
      withdrawn: again.withdrawn,
      reassigned: again.reassigned,
      changed: again.changed,
    }).toEqual({ granted: [], withdrawn: [], reassigned: [], changed: false });
  });

  it("a new fact grants only the new items and keeps the others' grant time and deliveries", () => {
    const served: ChildEntitlementState = {
      ...state(first),
      items: first.items.map((i) =>
        i.itemCode === 'HZ-01'
          ? { ...i, deliveries: [{ department: 'health', deliveredOn: '2025-06-10', recordedAt: 'x' }] }
          : i,
      ),
    };
    const next = plan({ previous: served, facts: facts({ orphan: true }), now: T1, asOf: '2025-07-01' });
    expect(codes(next.granted)).toEqual(['HZ-09', 'HZ-12']);
    expect(next.withdrawn).toEqual([]);
    const hz01 = next.items.find((i) => i.itemCode === 'HZ-01');
    expect(hz01).toMatchObject({
      grantedAt: T0.toISOString(),
      deliveries: [{ department: 'health', deliveredOn: '2025-06-10' }],
    });
    expect(next.items.find((i) => i.itemCode === 'HZ-09')?.grantedAt).toBe(T1.toISOString());
    expect(next.openDepartments).toEqual(
      expect.arrayContaining(['civil-affairs', 'health', 'medical-insurance']),
    );
    expect(next.openCount).toBe(9); // 10 items, HZ-01 served
  });

  it.each([
    { reason: 'moved out of the city', input: { facts: facts({ movedOut: true }) }, expected: 'moved-out' },
    {
      reason: 'lives in a county outside the city',
      input: { list: null as ServiceList | null, countyCode: '410101' },
      expected: 'moved-out',
    },
    {
      reason: 'no longer a migrant child (e.g. turned 16)',
      input: { facts: facts({ isMigrant: false }) },
      expected: 'no-longer-migrant',
    },
  ])('withdraws everything when $reason, with reason $expected', ({ input, expected }) => {
    const next = plan({ previous: state(first), ...input });
    expect(next.items).toEqual([]);
    expect(next.withdrawn).toHaveLength(8);
    expect(new Set(next.withdrawn.map((w) => w.reason))).toEqual(new Set([expected]));
    expect(next.recomputeOn).toBe(null);
  });

  it('a birthday and a list change on the same day give each withdrawal its own reason', () => {
    const county: ServiceList = {
      ...city,
      divisionCode: '371702',
      level: 'county',
      version: 1,
      items: [...city.items, { ...city.items[20], code: '371702-01' }],
    };
    const before = plan({ previous: null, list: county });
    const v2: ServiceList = { ...county, version: 2, items: city.items };
    const next = plan({ previous: state(before), list: v2, asOf: '2026-09-15', reason: 'list-changed' });
    expect(next.withdrawn.map((w) => [w.record.itemCode, w.reason])).toEqual([
      ['HZ-01', 'age-changed'],
      ['HZ-02', 'age-changed'],
      ['371702-01', 'list-changed'],
    ]);
  });

  it('a list change that adds a department announces a reassignment, and a dropped county item a list-changed withdrawal', () => {
    const county: ServiceList = {
      ...city,
      divisionCode: '371702',
      level: 'county',
      version: 1,
      items: [...city.items, { ...city.items[20], code: '371702-01', name: '暑期托管服务' }],
    };
    const withExtra = plan({ previous: null, list: county });
    expect(codes(withExtra.granted)).toContain('371702-01');
    const v2: ServiceList = {
      ...county,
      version: 2,
      items: city.items.map((i) =>
        i.code === 'HZ-06' ? { ...i, departments: ['health', 'civil-affairs'] } : i,
      ),
    };
    const next = plan({ previous: state(withExtra), list: v2, reason: 'list-changed' });
    expect(next.granted).toEqual([]);
    expect(next.withdrawn.map((w) => [w.record.itemCode, w.reason])).toEqual([['371702-01', 'list-changed']]);
    expect(codes(next.reassigned)).toEqual(['HZ-06']);
    expect(next.items.every((i) => i.list.version === 2)).toBe(true);
  });
  it('announces every kept item again when the child moves county (grant instant kept), and only the new ones as grants', () => {
    const moved = plan({ previous: state(first), countyCode: '371721', now: T1 });
    expect(moved.granted).toEqual([]);
    expect(moved.withdrawn).toEqual([]);
    expect(codes(moved.reassigned)).toEqual(codes(first.items));
    expect(moved.reassigned.every((r) => r.grantedAt === T0.toISOString())).toBe(true);
    expect(moved.changed).toBe(true);
    // Staying in the county announces nothing again.
    expect(plan({ previous: state(moved, '371721'), countyCode: '371721', now: T1 }).reassigned).toEqual([]);
  });
});
