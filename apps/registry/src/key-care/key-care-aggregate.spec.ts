import { DEFAULT_VISIT_FREQUENCY, type DifficultyType } from '@care/child-rules';
import { DomainError } from '@care/errors';
import {
  addCareActivity,
  changeEntry,
  closeEntry,
  closeIfNoLongerEligible,
  markOverdue,
  openEntry,
  recordVisit,
  type KeyCareEntryState,
  type TransitionContext,
} from './key-care-aggregate';
import type { KeyCareChildFacts, LedgerFields } from './key-care.types';

let ids = 0;
function ctx(today = '2026-03-01', overrides: Partial<TransitionContext> = {}): TransitionContext {
  return {
    today,
    now: new Date(`${today}T10:00:00+08:00`),
    actorId: 'u-1',
    frequency: DEFAULT_VISIT_FREQUENCY,
    newId: () => `id-${++ids}`,
    ...overrides,
  };
}

/** A migrant child in 牡丹区 东城街道 from 郑州 中原区, with two difficulty types on record. */
function facts(overrides: Partial<KeyCareChildFacts> = {}): KeyCareChildFacts {
  return {
    childId: 'child-1',
    countyCode: '371702',
    townshipCode: '371702001',
    isMigrant: true,
    movedOut: false,
    birthDate: '2015-05-20',
    difficultyTypes: ['family-hardship', 'disability'],
    askedForHelp: false,
    hukouDivisionCode: '410102',
    residenceDivisionCode: '371702001',
    ...overrides,
  };
}

function fields(types: DifficultyType[], overrides: Partial<LedgerFields> = {}): LedgerFields {
  return {
    difficultyTypes: types,
    situationSummary: '随母亲租住，家庭收入低',
    careActivities: [],
    notes: '',
    school: '东城小学',
    grade: '三年级',
    ...overrides,
  };
}

function opened(
  types: DifficultyType[] = ['disability', 'family-hardship'],
  f = facts(),
  today = '2026-03-01',
): KeyCareEntryState {
  return openEntry(
    { entryId: 'entry-1', fields: fields(types), visitWorkerId: 'director-7', source: 'manual' },
    f,
    ctx(today),
  ).entry;
}

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('opening a ledger entry (建档)', () => {
  it('stores the types in the attachment order and plans the first visit from the opening day', () => {
    const { entry, events } = openEntry(
      {
        entryId: 'entry-1',
        fields: fields(['disability', 'family-hardship']),
        visitWorkerId: ' director-7 ',
        source: 'manual',
      },
      facts(),
      ctx(),
    );
    expect(entry).toMatchObject({
      status: 'open',
      openSlot: 'child-1',
      difficultyTypes: ['family-hardship', 'disability'],
      countyCode: '371702',
      townshipCode: '371702001',
      visitWorkerId: 'director-7',
      nextVisitDueOn: '2026-06-01', // both types quarterly by default
      nextVisitWorkerId: 'director-7',
      overdueNotified: false,
    });
    expect(events.map((e) => e.kind)).toEqual(['keyCareEntryAdded', 'visitPlanned']);
    expect(events[0].message).toMatchObject({
      childId: 'child-1',
      entryId: 'entry-1',
      difficultyTypes: [1, 2],
    });
    expect(events[1].message).toMatchObject({
      visitId: entry.nextVisitId,
      dueOn: '2026-06-01',
      workerId: 'director-7',
    });
  });

  it.each([
    [
      ['lack-of-guardianship', 'family-hardship'],
      { difficultyTypes: ['lack-of-guardianship', 'family-hardship'] },
      {},
      '2026-04-01',
      'the shortest interval among the types wins (monthly)',
    ],
    [
      ['family-hardship'],
      {},
      { 'family-hardship': 2 },
      '2026-05-01',
      'the configured table replaces the default',
    ],
    [['family-hardship'], {}, {}, '2026-06-01', 'one of the two recorded types may be entered alone'],
  ] as const)('%j -> due %s (%s)', (types, factOverrides, frequency, due, _reason) => {
    const { entry } = openEntry(
      { entryId: 'e', fields: fields([...types]), visitWorkerId: '', source: 'manual' },
      facts(factOverrides as Partial<KeyCareChildFacts>),
      ctx('2026-03-01', { frequency: { ...DEFAULT_VISIT_FREQUENCY, ...frequency } }),
    );
    expect(entry.nextVisitDueOn).toBe(due);
  });

  it('accepts the cross-township help request for a child who moved across townships and asked for help', () => {
    const f = facts({ difficultyTypes: [], askedForHelp: true, hukouDivisionCode: '371702002' });
    const { entry } = openEntry(
      { entryId: 'e', fields: fields(['cross-township-help-request']), visitWorkerId: '', source: 'manual' },
      f,
      ctx(),
    );
    expect(entry.difficultyTypes).toEqual(['cross-township-help-request']);
  });

  it.each([
    [['family-hardship'], { isMigrant: false }, /不属于流动儿童/, 'only migrant children enter the ledger'],
    [['vagrancy'], {}, /“流浪”不成立：儿童档案中未记录该困境/, 'a type screening did not find'],
    [
      ['cross-township-help-request'],
      { askedForHelp: true, hukouDivisionCode: '371702001' },
      /未跨乡镇（街道）流动/,
      'help request without a cross-township move',
    ],
    [
      ['cross-township-help-request'],
      { askedForHelp: false, hukouDivisionCode: '371702002' },
      /未记录主动提出救助帮扶需求/,
      'cross-township move without a help request',
    ],
    [
      ['cross-township-help-request'],
      { askedForHelp: true, hukouDivisionCode: '371702', residenceDivisionCode: '371702' },
      /缺少乡镇（街道）代码/,
      'move within the county with no township codes cannot be confirmed',
    ],
    [[], {}, /至少选择一种困境类型/, 'no type at all'],
    [['family-hardship'], { movedOut: true }, /已迁出/, 'a child who moved out'],
  ] as const)('refuses %j with facts %j (%s)', (types, factOverrides, message, _reason) => {
    const error = caught(() =>
      openEntry(
        { entryId: 'e', fields: fields([...types]), visitWorkerId: '', source: 'manual' },
        facts(factOverrides as Partial<KeyCareChildFacts>),
        ctx(),
      ),
    );
    expect(error.message).toMatch(message);
  });

  it.each([
    [{ situationSummary: 'x'.repeat(2001) }, 'situationSummary', 'summary too long'],
    [
      { careActivities: [{ on: '2026-03-02', description: '上门' }] },
      'careActivities[0].on',
      'an activity dated in the future',
    ],
    [
      { careActivities: [{ on: '2026-02-30', description: '上门' }] },
      'careActivities[0].on',
      'not a calendar date',
    ],
    [
      { careActivities: [{ on: null, description: '  ' }] },
      'careActivities[0].description',
      'an activity without content',
    ],
    [
      { careActivities: [{ on: '2026-03-01', description: '无' }] },
      'careActivities[0].description',
      '无 is no activity (an import would drop it, so the export would not read back)',
    ],
    [
      { careActivities: [{ on: null, description: '——' }] },
      'careActivities[0].description',
      'a placeholder dash',
    ],
  ] as const)('refuses ledger fields %j naming field %s (%s)', (overrides, field, _reason) => {
    const error = caught(() =>
      openEntry(
        {
          entryId: 'e',
          fields: fields(['family-hardship'], overrides as Partial<LedgerFields>),
          visitWorkerId: '',
          source: 'manual',
        },
        facts(),
        ctx(),
      ),
    );
    expect(error).toMatchObject({ code: 'invalid-argument', field });
  });
});

describe('changing an entry (变更)', () => {
  it('is silent when nothing changes (a re-import of the same row)', () => {
    const entry = opened();
    expect(
      changeEntry(
        entry,
        { fields: fields(['family-hardship', 'disability']), visitWorkerId: 'director-7' },
        facts(),
        ctx('2026-03-05'),
      ),
    ).toBeUndefined();
    expect(
      changeEntry(
        entry,
        { fields: { situationSummary: '  随母亲租住，家庭收入低 ' } },
        facts(),
        ctx('2026-03-05'),
      ),
    ).toBeUndefined();
  });

  it('a new summary is a change without re-planning', () => {
    const entry = opened();
    const changed = changeEntry(
      entry,
      { fields: { situationSummary: '母亲已就业' } },
      facts(),
      ctx('2026-03-05'),
    )!;
    expect(changed.events.map((e) => e.kind)).toEqual(['keyCareEntryChanged']);
    expect(changed.entry).toMatchObject({
      situationSummary: '母亲已就业',
      version: 2,
      nextVisitId: entry.nextVisitId,
      nextVisitDueOn: '2026-06-01',
    });
  });

  it('types that shorten the interval re-plan the visit under a new visit id', () => {
    const entry = opened();
    const f = facts({ difficultyTypes: ['family-hardship', 'disability', 'lack-of-guardianship'] });
    const changed = changeEntry(
      entry,
      { fields: { difficultyTypes: ['family-hardship', 'lack-of-guardianship'] } },
      f,
      ctx('2026-03-05'),
    )!;
    expect(changed.events.map((e) => e.kind)).toEqual(['keyCareEntryChanged', 'visitPlanned']);
    expect(changed.entry.nextVisitDueOn).toBe('2026-04-01');
    expect(changed.entry.nextVisitId).not.toBe(entry.nextVisitId);
  });

  it('a new responsible worker re-plans the same due date for that worker', () => {
    const entry = opened();
    const changed = changeEntry(entry, { visitWorkerId: 'director-9' }, facts(), ctx('2026-03-05'))!;
    expect(changed.events.map((e) => e.kind)).toEqual(['keyCareEntryChanged', 'visitPlanned']);
    expect(changed.entry).toMatchObject({ nextVisitDueOn: '2026-06-01', nextVisitWorkerId: 'director-9' });
  });

  it('refuses new types the facts do not support', () => {
    const error = caught(() =>
      changeEntry(opened(), { fields: { difficultyTypes: ['vagrancy'] } }, facts(), ctx('2026-03-05')),
    );
    expect(error).toMatchObject({ code: 'invalid-argument', field: 'difficultyTypes' });
  });

  it('appends a dated care activity', () => {
    const changed = addCareActivity(
      opened(),
      { on: '2026-03-04', description: '送去学习用品' },
      facts(),
      ctx('2026-03-05'),
    );
    expect(changed.entry.careActivities).toEqual([{ on: '2026-03-04', description: '送去学习用品' }]);
  });
});

describe('recording a visit (走访探视)', () => {
  it('fulfils the planned visit and plans the next from the visit date', () => {
    const entry = opened();
    const { entry: after, events } = recordVisit(
      entry,
      { visitedOn: '2026-05-20', workerId: 'director-7', findings: '孩子在校情况良好' },
      ctx('2026-05-21'),
    );
    expect(after.visits).toEqual([
      expect.objectContaining({
        visitId: entry.nextVisitId,
        dueOn: '2026-06-01',
        visitedOn: '2026-05-20',
        workerId: 'director-7',
      }),
    ]);
    expect(after.nextVisitDueOn).toBe('2026-08-20');
    expect(events.map((e) => e.kind)).toEqual(['visitRecorded', 'visitPlanned']);
    expect(events[0].message).toMatchObject({ visitId: entry.nextVisitId, visitedOn: '2026-05-20' });
  });

  it('a worker recording the first visit of an unassigned entry becomes responsible for the next', () => {
    const entry = openEntry(
      { entryId: 'e', fields: fields(['family-hardship']), visitWorkerId: '', source: 'import' },
      facts(),
      ctx(),
    ).entry;
    const { entry: after } = recordVisit(
      entry,
      { visitedOn: '2026-03-10', workerId: 'director-3', findings: '已见到儿童' },
      ctx('2026-03-10'),
    );
    expect(after).toMatchObject({ visitWorkerId: 'director-3', nextVisitWorkerId: 'director-3' });
  });

  it.each([
    [{ visitedOn: '2026-05-22' }, 'visitedOn', 'in the future'],
    [{ visitedOn: '2026-02-28' }, 'visitedOn', 'before the entry was opened'],
    [{ visitedOn: '2026-13-01' }, 'visitedOn', 'not a date'],
    [{ workerId: ' ' }, 'workerId', 'no worker'],
    [{ findings: '' }, 'findings', 'no findings'],
  ])('refuses %j naming %s (%s)', (overrides, field, _reason) => {
    const error = caught(() =>
      recordVisit(
        opened(),
        { visitedOn: '2026-05-20', workerId: 'director-7', findings: '良好', ...overrides },
        ctx('2026-05-21'),
      ),
    );
    expect(error).toMatchObject({ code: 'invalid-argument', field });
  });

  it('refuses a visit dated before the last recorded one', () => {
    const once = recordVisit(
      opened(),
      { visitedOn: '2026-05-20', workerId: 'd', findings: '良好' },
      ctx('2026-05-21'),
    ).entry;
    expect(
      caught(() =>
        recordVisit(once, { visitedOn: '2026-05-19', workerId: 'd', findings: '良好' }, ctx('2026-05-21')),
      ).message,
    ).toMatch(/不能早于上次走访日期/);
  });
});

describe('overdue computation (逾期)', () => {
  // opened 2026-03-01, quarterly: due 2026-06-01
  it.each([
    ['2026-05-31', undefined, 'before the due date'],
    ['2026-06-01', undefined, 'on the due date a visit is still on time'],
    ['2026-06-02', 1, 'the day after the due date'],
    ['2026-07-01', 30, 'a month later'],
  ])('as of %s -> days overdue %s (%s)', (asOf, days, _reason) => {
    const result = markOverdue(opened(), asOf, { now: new Date() });
    if (days === undefined) expect(result).toBeUndefined();
    else {
      expect(result!.events).toHaveLength(1);
      expect(result!.events[0]).toMatchObject({
        kind: 'visitOverdue',
        message: { dueOn: '2026-06-01', daysOverdue: days, workerId: 'director-7' },
      });
      expect(result!.entry.overdueNotified).toBe(true);
    }
  });

  it('is said once per visit: a second sweep finds the flag set', () => {
    const first = markOverdue(opened(), '2026-06-02', { now: new Date() })!;
    expect(markOverdue(first.entry, '2026-06-03', { now: new Date() })).toBeUndefined();
  });

  it('a recorded visit plans a new visit that can become overdue in its own right', () => {
    const overdue = markOverdue(opened(), '2026-06-02', { now: new Date() })!.entry;
    const visited = recordVisit(
      overdue,
      { visitedOn: '2026-06-03', workerId: 'director-7', findings: '补访' },
      ctx('2026-06-03'),
    ).entry;
    expect(visited.overdueNotified).toBe(false);
    expect(markOverdue(visited, '2026-09-04', { now: new Date() })!.events[0].message).toMatchObject({
      visitId: visited.nextVisitId,
      dueOn: '2026-09-03',
      daysOverdue: 1,
    });
  });

  it('a closed entry is never overdue', () => {
    const closed = closeEntry(
      opened(),
      { reason: 'difficulty-resolved', note: '', closedOn: '2026-03-05' },
      facts(),
      ctx('2026-03-05'),
    ).entry;
    expect(markOverdue(closed, '2027-01-01', { now: new Date() })).toBeUndefined();
  });
});

describe('the entry follows the child record', () => {
  // opened 2026-03-01 for a child born 2015-05-20 (16 on 2031-05-20)
  it.each([
    [{}, '2026-06-01', undefined, undefined, 'still a migrant child in the county: stays open'],
    [
      { movedOut: true, movedOutOn: '2026-05-10' },
      '2026-06-01',
      'moved-out',
      '2026-05-10',
      'moved out: closed on the move-out date',
    ],
    [
      { movedOut: true, movedOutOn: '2026-02-01' },
      '2026-06-01',
      'moved-out',
      '2026-03-01',
      'moved out before the entry was opened: closed on the opening day',
    ],
    [{ movedOut: true }, '2026-06-01', 'moved-out', '2026-06-01', 'moved out, date unknown: closed today'],
    [{ countyCode: '371721' }, '2026-06-01', 'moved-out', '2026-06-01', 'the record moved to another county'],
    [undefined, '2026-06-01', 'moved-out', '2026-06-01', 'no child record in the county any more'],
    [
      { isMigrant: false },
      '2031-06-01',
      'turned-16',
      '2031-05-20',
      'no longer migrant because 16: closed on the birthday',
    ],
    [
      { isMigrant: false },
      '2026-06-01',
      'no-longer-migrant',
      '2026-06-01',
      'no longer migrant for another reason',
    ],
  ] as const)('facts %j on %s -> %s on %s (%s)', (factOverrides, today, reason, closedOn, _reason) => {
    const f = factOverrides === undefined ? undefined : facts(factOverrides as Partial<KeyCareChildFacts>);
    const result = closeIfNoLongerEligible(opened(), f, ctx(today));
    if (reason === undefined) expect(result).toBeUndefined();
    else {
      expect(result!.entry).toMatchObject({ status: 'closed', closeReason: reason, closedOn });
      expect(result!.events[0]).toMatchObject({ kind: 'keyCareEntryClosed', message: { reason } });
    }
  });

  it('leaves a closed entry alone', () => {
    const closed = closeEntry(
      opened(),
      { reason: 'difficulty-resolved', note: '', closedOn: '2026-03-05' },
      facts(),
      ctx('2026-03-05'),
    ).entry;
    expect(closeIfNoLongerEligible(closed, facts({ movedOut: true }), ctx('2026-06-01'))).toBeUndefined();
  });
});

describe('closing an entry (销档)', () => {
  it('frees the open slot, drops the plan and says why by code', () => {
    const { entry, events } = closeEntry(
      opened(),
      { reason: 'moved-out', note: '随父母返乡', closedOn: '2026-03-05' },
      facts(),
      ctx('2026-03-05'),
    );
    expect(entry).toMatchObject({
      status: 'closed',
      openSlot: 'closed:entry-1',
      closeReason: 'moved-out',
      nextVisitId: null,
      nextVisitDueOn: null,
    });
    expect(events).toEqual([
      { kind: 'keyCareEntryClosed', message: expect.objectContaining({ reason: 'moved-out' }) },
    ]);
  });

  it.each([
    ['turned-16', '', '2031-05-19', /为 15 周岁/, 'the day before the 16th birthday'],
    ['turned-16', '', '2031-05-20', undefined, 'on the 16th birthday'],
    ['other', '', '2026-03-05', /须填写说明/, '"other" needs a note'],
    ['other', '家长拒绝服务', '2026-03-05', undefined, '"other" with a note'],
  ] as const)('%s (note %j) on %s -> %s (%s)', (reason, note, closedOn, problem, _reason) => {
    const run = () => closeEntry(opened(), { reason, note, closedOn }, facts(), ctx(closedOn));
    if (problem === undefined) expect(run().entry.status).toBe('closed');
    else expect(caught(run).message).toMatch(problem);
  });

  it('a closed entry takes no visits and no changes', () => {
    const closed = closeEntry(
      opened(),
      { reason: 'difficulty-resolved', note: '', closedOn: '2026-03-05' },
      facts(),
      ctx('2026-03-05'),
    ).entry;
    expect(
      caught(() =>
        recordVisit(closed, { visitedOn: '2026-03-05', workerId: 'd', findings: 'x' }, ctx('2026-03-05')),
      ).code,
    ).toBe('failed-precondition');
    expect(caught(() => changeEntry(closed, { visitWorkerId: 'x' }, facts(), ctx('2026-03-05'))).code).toBe(
      'failed-precondition',
    );
  });
});
