import {
  applyGrant,
  applyResidence,
  applyWithdrawal,
  isOpen,
  recordOutcome,
  type EntitlementState,
  type GrantFact,
  type WithdrawalFact,
} from './entitlement-state';

const GRANT: GrantFact = {
  childId: 'c-1',
  itemCode: 'HZ-06',
  itemName: '卫生健康服务',
  countyCode: '371702',
  departments: ['health'],
  listVersion: 1,
  grantedAt: '2026-08-01T09:00:00+08:00',
  grantedOn: '2026-08-01',
  dueOn: '2026-08-31',
};

const WITHDRAWAL: WithdrawalFact = {
  childId: 'c-1',
  itemCode: 'HZ-06',
  countyCode: '371702',
  departments: ['health'],
  reason: 'facts-changed',
  withdrawnAt: '2026-08-10T09:00:00+08:00',
};

function granted(): EntitlementState {
  return applyGrant(null, GRANT) as EntitlementState;
}

function delivered(state: EntitlementState): EntitlementState {
  const recorded = recordOutcome(
    state,
    { outcome: 'delivered', onDate: '2026-08-05', reason: '', recordedBy: 'officer', recordedAt: 'now' },
    () => 'd-1',
  );
  return (recorded as { state: EntitlementState }).state;
}

describe('applyGrant', () => {
  it('a first grant opens the item with its name, dates and list version', () => {
    expect(granted()).toMatchObject({
      itemName: '卫生健康服务',
      granted: true,
      open: true,
      grantedOn: '2026-08-01',
      dueOn: '2026-08-31',
      listVersion: 1,
      stateAt: GRANT.grantedAt,
      closedBy: null,
    });
  });

  it('a redelivered or older grant changes nothing', () => {
    expect(applyGrant(granted(), GRANT)).toBeNull();
    expect(applyGrant(granted(), { ...GRANT, grantedAt: '2026-07-01T09:00:00+08:00' })).toBeNull();
  });

  it('the same instant written another way is the same instant (compared as instants, not text)', () => {
    expect(applyGrant(granted(), { ...GRANT, grantedAt: '2026-08-01T01:00:00Z' })).toBeNull();
  });

  it('a reassignment keeps the first grant and its due date, takes the new departments, list and name', () => {
    const next = applyGrant(granted(), {
      ...GRANT,
      itemName: '卫生健康服务（新版）',
      departments: ['health', 'civil-affairs'],
      listVersion: 2,
      grantedAt: '2026-08-20T09:00:00+08:00',
      grantedOn: '2026-08-20',
      dueOn: '2026-09-19',
    });
    expect(next).toMatchObject({
      itemName: '卫生健康服务（新版）',
      departments: ['health', 'civil-affairs'],
      listVersion: 2,
      grantedOn: '2026-08-01',
      dueOn: '2026-08-31',
      open: true,
    });
  });

  it('a grant without a name (an older catalogue) keeps the name already known', () => {
    const next = applyGrant(granted(), { ...GRANT, itemName: '', grantedAt: '2026-08-20T09:00:00+08:00' });
    expect(next?.itemName).toBe('卫生健康服务');
    expect(applyGrant(null, { ...GRANT, itemName: '' })?.itemName).toBe('');
  });

  it('a grant after a withdrawal starts a new due period and reopens the item', () => {
    const withdrawn = applyWithdrawal(granted(), WITHDRAWAL) as EntitlementState;
    const next = applyGrant(withdrawn, {
      ...GRANT,
      grantedAt: '2026-09-01T09:00:00+08:00',
      grantedOn: '2026-09-01',
      dueOn: '2026-10-01',
    });
    expect(next).toMatchObject({ granted: true, open: true, grantedOn: '2026-09-01', dueOn: '2026-10-01' });
    expect(next?.closedBy).toBeNull();
    expect(next?.withdrawnReason).toBe('');
  });

  it('a grant older than the withdrawal already applied changes nothing (topics out of order)', () => {
    const withdrawn = applyWithdrawal(granted(), WITHDRAWAL) as EntitlementState;
    expect(applyGrant(withdrawn, { ...GRANT, grantedAt: '2026-08-05T09:00:00+08:00' })).toBeNull();
  });

  it('a re-grant keeps the delivery record: a served family stays served', () => {
    const withdrawn = applyWithdrawal(delivered(granted()), WITHDRAWAL) as EntitlementState;
    const next = applyGrant(withdrawn, { ...GRANT, grantedAt: '2026-09-01T09:00:00+08:00' });
    expect(next?.delivery?.outcome).toBe('delivered');
    expect(next?.open).toBe(false);
  });

  it('a child who moved out stays off the worklist when granted again', () => {
    const away = applyResidence(granted(), true) as EntitlementState;
    const next = applyGrant(away, { ...GRANT, grantedAt: '2026-09-01T09:00:00+08:00' });
    expect(next).toMatchObject({ closedBy: 'moved-out', open: false });
  });
});

describe('applyWithdrawal', () => {
  it('closes an open item with its reason, keeping its name', () => {
    expect(applyWithdrawal(granted(), WITHDRAWAL)).toMatchObject({
      itemName: '卫生健康服务',
      granted: false,
      open: false,
      closedBy: 'withdrawn',
      withdrawnReason: 'facts-changed',
    });
  });

  it('a withdrawal first (the grant not seen yet) is stored closed, without a name', () => {
    expect(applyWithdrawal(null, WITHDRAWAL)).toMatchObject({
      itemName: '',
      granted: false,
      open: false,
      closedBy: 'withdrawn',
    });
  });

  it('a replayed or older withdrawal changes nothing', () => {
    const withdrawn = applyWithdrawal(granted(), WITHDRAWAL) as EntitlementState;
    expect(applyWithdrawal(withdrawn, WITHDRAWAL)).toBeNull();
    expect(
      applyWithdrawal(granted(), { ...WITHDRAWAL, withdrawnAt: '2026-07-01T09:00:00+08:00' }),
    ).toBeNull();
  });

  it('a moved-out child keeps moved-out as the reason it closed', () => {
    const away = applyResidence(granted(), true) as EntitlementState;
    expect(applyWithdrawal(away, WITHDRAWAL)?.closedBy).toBe('moved-out');
  });
});

describe('applyResidence', () => {
  it('moving out closes an open item, moving back reopens it', () => {
    const away = applyResidence(granted(), true) as EntitlementState;
    expect(away).toMatchObject({ closedBy: 'moved-out', open: false });
    expect(applyResidence(away, false)).toMatchObject({ closedBy: null, open: true });
  });

  it('moving back does not reopen what was withdrawn meanwhile', () => {
    const away = applyResidence(granted(), true) as EntitlementState;
    const withdrawn = applyWithdrawal(away, WITHDRAWAL) as EntitlementState;
    expect(applyResidence(withdrawn, false)).toMatchObject({ closedBy: 'withdrawn', open: false });
  });

  it('no change is null', () => {
    expect(applyResidence(granted(), false)).toBeNull();
  });
});

describe('isOpen', () => {
  it('a pending record keeps the item open, a final one closes it', () => {
    const pending = recordOutcome(
      granted(),
      { outcome: 'pending', onDate: '2026-08-05', reason: '', recordedBy: 'o', recordedAt: 'now' },
      () => 'd-1',
    );
    expect(pending?.state.open).toBe(true);
    expect(isOpen(delivered(granted()))).toBe(false);
  });
});
