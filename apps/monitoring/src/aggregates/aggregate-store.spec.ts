import { AggregateStore, areasOf } from './aggregate-store';
import { childBuckets, decidingDelivery, entitlementBuckets } from './contributions';
import type { ChildState, DeliveryRecordState, EntitlementState } from './projection';

const child: ChildState = {
  childId: 'c',
  version: 1,
  countyCode: '371702',
  townshipCode: '371702001',
  ageBand: '3-5',
  hukouProvince: '410000',
  difficultyCodes: ['disability'],
  migrant: true,
  movedOut: false,
  registeredOn: '2026-09-01',
  lastVerifiedOn: '2026-09-01',
};

describe('aggregate store', () => {
  it('rolls a township up to its county and city', () => {
    expect(areasOf({ countyCode: '371702', townshipCode: '371702001' })).toEqual([
      '371700',
      '371702',
      '371702001',
    ]);
    expect(areasOf({ countyCode: '371721', townshipCode: '' })).toEqual(['371700', '371721']);
  });

  it('moves a child between buckets so it counts once wherever it is', () => {
    const store = new AggregateStore();
    store.move([], childBuckets(child));
    const moved: ChildState = { ...child, version: 2, countyCode: '371721', townshipCode: '371721001' };
    store.move(childBuckets(child), childBuckets(moved));
    expect(store.count('371700', 'migrant', 'all')).toBe(1);
    expect(store.count('371702', 'migrant', 'all')).toBe(0);
    expect(store.count('371721001', 'migrant', 'difficulty:disability')).toBe(1);
    store.move(childBuckets(moved), childBuckets({ ...moved, movedOut: true }));
    expect(store.count('371700', 'children', '')).toBe(0);
    expect(store.dims('371700', 'migrant').size).toBe(0);
    expect(store.dims('371700', 'migrant-verified').size).toBe(0);
    // The registration happened: the day's flow keeps it after the move-out.
    expect(store.count('371721', 'registered-on', '2026-09-01')).toBe(1);
    expect(store.count('371702', 'registered-on', '2026-09-01')).toBe(0);
  });

  it('reports no change for a move to the same buckets', () => {
    const store = new AggregateStore();
    store.move([], childBuckets(child));
    expect(store.move(childBuckets(child), childBuckets(child))).toEqual([]);
  });

  it('does not count a non-migrant child as migrant', () => {
    const buckets = childBuckets({ ...child, migrant: false });
    expect(buckets.map((b) => b.metric).sort()).toEqual(['children', 'registered-on']);
  });
});

describe('service gap status', () => {
  const d = (deliveryId: string, outcome: 'delivered' | 'refused' | 'pending', onDate = '2026-09-01') => ({
    deliveryId,
    department: 'health' as const,
    outcome,
    onDate,
    revision: 1,
  });
  const cases: [DeliveryRecordState[], string, string][] = [
    [[], 'open', 'no record yet'],
    [[d('a', 'pending')], 'open', 'in progress is still a gap'],
    [[d('a', 'refused')], 'refused', 'the family refused'],
    [[d('a', 'refused'), d('b', 'delivered')], 'delivered', 'any delivery closes the gap'],
  ];
  it.each(cases)('%j is %s (%s)', (deliveries, status) => {
    expect(decidingDelivery(deliveries).status).toBe(status);
  });

  it('counts an entitlement per item and per responsible department, and its gap by grant day', () => {
    const e: EntitlementState = {
      childId: 'c',
      itemCode: 'HZ-05',
      countyCode: '371702',
      departments: ['education-sports', 'human-resources'],
      granted: true,
      grantedOn: '2026-07-01',
      stateAt: '2026-07-01T00:00:00Z',
      deliveries: [],
    };
    expect(entitlementBuckets(e).map((b) => `${b.metric}:${b.dim}`)).toEqual([
      'granted-on:2026-07-01',
      'entitlement:HZ-05|open',
      'entitlement-department:education-sports|HZ-05|open',
      'entitlement-department:human-resources|HZ-05|open',
      'gap-open:HZ-05|2026-07-01',
    ]);
    expect(entitlementBuckets({ ...e, granted: false }).map((b) => `${b.metric}:${b.dim}`)).toEqual([
      'granted-on:2026-07-01', // a withdrawal leaves the day's flow: the grant happened
    ]);
  });

  it.each<[string, Partial<EntitlementState>, string[]]>([
    [
      'delivered: the gap is closed and the delivery day counted',
      { deliveries: [d('a', 'delivered', '2026-07-05')] },
      [
        'granted-on:2026-07-01',
        'delivered-on:2026-07-05',
        'entitlement:HZ-05|delivered',
        'entitlement-department:health|HZ-05|delivered',
      ],
    ],
    [
      'refused: closed with the refusal day',
      { deliveries: [d('a', 'refused', '2026-07-03')] },
      [
        'granted-on:2026-07-01',
        'refused-on:2026-07-03',
        'entitlement:HZ-05|refused',
        'entitlement-department:health|HZ-05|refused',
      ],
    ],
    [
      'withdrawn after delivery: no stock, both flows stay',
      { granted: false, deliveries: [d('a', 'delivered', '2026-07-05')] },
      ['granted-on:2026-07-01', 'delivered-on:2026-07-05'],
    ],
    [
      'a delivery seen before its grant: only the delivery day',
      { granted: false, grantedOn: '', stateAt: '', deliveries: [d('a', 'delivered', '2026-07-05')] },
      ['delivered-on:2026-07-05'],
    ],
  ])('%s', (_why, change, expected) => {
    const e: EntitlementState = {
      childId: 'c',
      itemCode: 'HZ-05',
      countyCode: '371702',
      departments: [],
      granted: true,
      grantedOn: '2026-07-01',
      stateAt: '2026-07-01T00:00:00Z',
      deliveries: [],
      ...change,
    };
    expect(entitlementBuckets(e).map((b) => `${b.metric}:${b.dim}`)).toEqual(expected);
  });
});
