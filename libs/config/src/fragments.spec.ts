import { keyedIntegers } from './fragments';

describe('keyedIntegers', () => {
  const days = keyedIntegers({
    keys: ['reported', 'follow-up'] as const,
    defaults: { reported: 3, 'follow-up': 30 },
    min: 1,
    max: 365,
    keyLabel: '状态',
    valueLabel: '天数',
  });

  it('keeps the defaults when unset and replaces the keys given', () => {
    expect(days.parse(undefined)).toEqual({ reported: 3, 'follow-up': 30 });
    expect(days.parse(' follow-up = 14 , ')).toEqual({ reported: 3, 'follow-up': 14 });
  });

  it.each([
    ['closed=3', 'an unknown key'],
    ['reported=0', 'below the minimum'],
    ['reported=366', 'above the maximum'],
    ['reported=1.5', 'not a whole number'],
    ['reported', 'no value'],
  ])('refuses %s (%s), naming the entry and the keys', (raw) => {
    const result = days.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(`实为 ${raw}`);
    expect(result.error?.issues[0]?.message).toContain('状态为 reported、follow-up 之一');
  });

  it('takes keys by a test, e.g. service item codes', () => {
    const byItem = keyedIntegers({
      keys: (k) => /^HZ-\d{2}$/.test(k),
      defaults: {},
      min: 1,
      max: 365,
      keyLabel: '项目编码',
      valueLabel: '天数',
    });
    expect(byItem.parse('HZ-02=30,HZ-03=14')).toEqual({ 'HZ-02': 30, 'HZ-03': 14 });
    expect(byItem.safeParse('X-1=3').success).toBe(false);
  });
});
