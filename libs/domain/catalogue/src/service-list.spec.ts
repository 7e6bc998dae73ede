import { HEZE_CITY_CODE, hezeBasicList, isCountyOfCity } from './city-list';
import { parseServiceItem, parseServiceList } from './service-list';
import { SERVICE_AREAS } from './vocabulary';

describe('the Heze basic list (Attachment 2)', () => {
  const list = hezeBasicList();

  it('has the 21 items HZ-01..HZ-21, published 2025-02-20 by the city', () => {
    expect(list.items.map((i) => i.code)).toEqual(
      Array.from({ length: 21 }, (_, i) => `HZ-${String(i + 1).padStart(2, '0')}`),
    );
    expect(list).toMatchObject({
      divisionCode: HEZE_CITY_CODE,
      level: 'city',
      version: 1,
      status: 'published',
      effectiveFrom: '2025-02-20',
    });
  });

  it('marks 19 items as national basic, as the national list has 19', () => {
    expect(list.items.filter((i) => i.nationalBasic)).toHaveLength(19);
  });

  it('covers the six areas in order', () => {
    const areas = [...new Set(list.items.map((i) => i.area))];
    expect(areas).toEqual([...SERVICE_AREAS]);
  });

  // One row per item whose reading departs from the extracted table, with the reading taken.
  it.each([
    {
      code: 'HZ-07',
      field: 'targetGroup',
      value: '流动儿童',
      reason: 'row 7 target copied from row 8 in the seed',
    },
    {
      code: 'HZ-13',
      field: 'content',
      value: '为符合条件的办理残疾人两项补贴；就地受理残疾儿童康复救助申请，提供相关服务',
      reason: 'content shifted one row in the seed',
    },
    {
      code: 'HZ-13',
      field: 'name',
      value: '残疾儿童康复及残疾人两项补贴',
      reason: 'two variants printed; the complete one taken',
    },
    {
      code: 'HZ-14',
      field: 'content',
      value:
        '除包括民发〔2024〕35号文件基础清单纳入地特殊教育保障范围外；符合条件的流动儿童纳入地特殊教育保障范围',
      reason: 'special education content, shifted',
    },
    {
      code: 'HZ-15',
      field: 'content',
      value:
        '对符合条件的流动儿童家庭纳入最低生活保障范围，对获得最低生活保障后生活仍有困难的儿童采取必要措施给予生活保障',
      reason: 'minimum-living content, shifted',
    },
    {
      code: 'HZ-16',
      field: 'name',
      value: '特困人员救助供养服务',
      reason: 'name printed in row 15 content cell',
    },
    {
      code: 'HZ-16',
      field: 'content',
      value: '提供基本生活条件，对生活不能自理的给予照料；提供疾病治疗服务',
      reason: 'content printed in the name cell',
    },
  ] as const)('$code $field: $reason', ({ code, field, value }) => {
    const item = list.items.find((i) => i.code === code);
    expect(item?.[field]).toBe(value);
    expect(item?.corrections.some((c) => c.field === field)).toBe(true);
  });

  it('records departments for the shifted rows 13-14', () => {
    const byCode = Object.fromEntries(list.items.map((i) => [i.code, i.departments]));
    expect(byCode['HZ-13']).toEqual(['civil-affairs', 'disabled-persons-federation']);
    expect(byCode['HZ-14']).toEqual(['education-sports', 'disabled-persons-federation']);
    expect(byCode['HZ-16']).toEqual(['civil-affairs']);
  });

  it('every item has text, departments and a rule', () => {
    for (const item of list.items) {
      expect(item.targetGroup.length * item.name.length * item.content.length).toBeGreaterThan(0);
      expect(item.departments.length).toBeGreaterThan(0);
      expect(item.eligibility.op).toBeDefined();
    }
  });
});

describe('isCountyOfCity', () => {
  it.each([
    { code: '371702', expected: true, reason: '牡丹区' },
    { code: '371728', expected: true, reason: '东明县' },
    { code: '371700', expected: false, reason: 'the city itself' },
    { code: '370102', expected: false, reason: 'another city (Jinan)' },
    { code: '3717', expected: false, reason: 'not six digits' },
  ])('$code: $reason', ({ code, expected }) => {
    expect(isCountyOfCity(code)).toBe(expected);
  });
});

describe('parsing untrusted items and lists', () => {
  const good = {
    code: '371702-01',
    area: '发展保障',
    targetGroup: '流动儿童',
    name: '暑期托管服务',
    content: '暑假期间提供免费托管',
    departments: ['education-sports'],
    eligibility: { op: 'everyone' },
  };

  it('accepts a county addition, defaulting nationalBasic to false', () => {
    expect(parseServiceItem(good)).toEqual({
      ok: true,
      value: { ...good, nationalBasic: false, corrections: [] },
    });
  });

  it.each([
    {
      reason: 'bad code',
      patch: { code: 'hz 1' },
      message: 'item.code（项目编码）：格式须如 HZ-01 或 371702-01',
    },
    {
      reason: 'unknown area',
      patch: { area: '老有所养' },
      message: 'item.area（服务领域）：须为 幼有所育、学有所教、病有所医、住有所居、弱有所扶、发展保障 之一',
    },
    {
      reason: 'blank content',
      patch: { content: '  ' },
      message: 'item.content（服务内容）：必填，须为非空文字',
    },
    {
      reason: 'no departments',
      patch: { departments: [] },
      message: 'item.departments（责任部门）：至少一个责任部门',
    },
    {
      reason: 'unknown department',
      patch: { departments: ['police'] },
      message: expect.stringContaining('未知的部门 police'),
    },
    {
      reason: 'repeated department',
      patch: { departments: ['health', 'health'] },
      message: 'item.departments（责任部门）：部门不能重复',
    },
    {
      reason: 'bad rule',
      patch: { eligibility: { op: 'flag', flag: 'rich' } },
      message: expect.stringContaining('item.eligibility.flag'),
    },
  ])('refuses $reason', ({ patch, message }) => {
    const parsed = parseServiceItem({ ...good, ...patch });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0].message).toEqual(message);
  });

  it('refuses a list with a repeated item code', () => {
    const raw = { ...hezeBasicList(), items: [...hezeBasicList().items, hezeBasicList().items[0]] };
    const parsed = parseServiceList(raw);
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.objectContaining({ message: 'list.items：项目编码 HZ-01 重复' })],
    });
  });

  it('refuses a published list without an effective date', () => {
    const parsed = parseServiceList({ ...hezeBasicList(), effectiveFrom: null });
    expect(parsed.ok).toBe(false);
  });

  it('round-trips the basic list through JSON (how it is stored)', () => {
    const parsed = parseServiceList(JSON.parse(JSON.stringify(hezeBasicList())));
    expect(parsed).toEqual({ ok: true, value: hezeBasicList() });
  });
});
