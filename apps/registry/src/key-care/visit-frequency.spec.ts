import { DEFAULT_VISIT_FREQUENCY } from '@care/child-rules';
import { z } from 'zod';
import { keyCareConfig, parseVisitFrequency } from './visit-frequency';

describe('visit frequency table (走访频次配置)', () => {
  it.each([
    [undefined, {}, 'unset: every type keeps its default'],
    ['', {}, 'blank: defaults'],
    ['lack-of-guardianship=2', { 'lack-of-guardianship': 2 }, 'one type overridden, the rest default'],
    [
      'vagrancy=1, disability = 6',
      { vagrancy: 1, disability: 6 },
      'spaces around parts and around = are tolerated',
    ],
    [
      'family-hardship=12,',
      { 'family-hardship': 12 },
      'a trailing comma is harmless; 12 months is the longest interval',
    ],
  ])('%j -> defaults with %j (%s)', (raw, overrides, _reason) => {
    expect(parseVisitFrequency(raw)).toEqual({
      ok: true,
      value: { ...DEFAULT_VISIT_FREQUENCY, ...overrides },
    });
  });

  it.each([
    ['vagrancy', /类型=月数/, 'no months given'],
    ['vagrancy=one', /类型=月数/, 'months not a number'],
    ['poverty=3', /未知困境类型/, 'a type the ledger does not have'],
    ['vagrancy=0', /1至12个月/, 'a zero interval would make every visit overdue at once'],
    ['vagrancy=13', /1至12个月/, 'more than a year is not regular visiting'],
    ['vagrancy=1,vagrancy=2', /重复配置/, 'the same type twice is ambiguous'],
  ])('%j is refused (%s)', (raw, problem, _reason) => {
    const parsed = parseVisitFrequency(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('\n')).toMatch(problem);
  });

  it('the config fragment fails the boot on a bad table and yields the table otherwise', () => {
    const schema = z.object(keyCareConfig);
    expect(schema.safeParse({ KEY_CARE_VISIT_FREQUENCY_MONTHS: 'vagrancy=0' }).success).toBe(false);
    expect(
      schema.parse({ KEY_CARE_VISIT_FREQUENCY_MONTHS: 'vagrancy=1' }).KEY_CARE_VISIT_FREQUENCY_MONTHS,
    ).toEqual({ ...DEFAULT_VISIT_FREQUENCY, vagrancy: 1 });
    expect(schema.parse({}).KEY_CARE_VISIT_FREQUENCY_MONTHS).toEqual(DEFAULT_VISIT_FREQUENCY);
  });
});
