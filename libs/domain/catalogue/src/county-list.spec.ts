import { DomainError } from '@care/errors';
import { hezeBasicList } from './city-list';
import {
  addItem,
  basisViolations,
  cityBasis,
  countyBasis,
  currentPublished,
  deriveCityDraft,
  deriveCountyDraft,
  editItem,
  effectiveList,
  nextAdditionCode,
  publishList,
  removeItem,
  type NewItem,
} from './county-list';
import { rule } from './target-rule';
import type { ServiceList } from './service-list';

const city = hezeBasicList();
const basis = countyBasis(city);
const MUDAN = '371702';
const TODAY = '2025-06-01';

const summerCare: NewItem = {
  area: '发展保障',
  targetGroup: '在流入地就读的流动儿童',
  name: '暑期托管服务',
  content: '暑假期间在社区儿童之家提供免费托管',
  departments: ['education-sports', 'youth-league'],
  eligibility: rule.flag('inSchoolLocally'),
};

function draft(version = 1, previous?: ServiceList): ServiceList {
  return deriveCountyDraft({ divisionCode: MUDAN, version, cityList: city, previous });
}

function publish(list: ServiceList, effectiveFrom = TODAY, latestPublished?: ServiceList): ServiceList {
  return publishList(list, {
    effectiveFrom,
    publishedAt: `${effectiveFrom}T09:00:00+08:00`,
    today: TODAY,
    basis,
    latestPublished,
  });
}

function thrown(f: () => unknown): DomainError {
  try {
    f();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('deriving a county draft', () => {
  it('starts from every city item and records the city version', () => {
    const d = draft();
    expect(d).toMatchObject({
      divisionCode: MUDAN,
      level: 'county',
      version: 1,
      status: 'draft',
      basedOn: { divisionCode: '371700', version: 1 },
    });
    expect(d.items).toEqual(city.items);
  });

  it("carries the previous version's raises and additions, and adds city items it lacks", () => {
    const v1 = publish(
      addItem(
        editItem(draft(), 'HZ-02', { content: '3-6岁流动儿童免费入读普惠性幼儿园' }, basis),
        '371702-01',
        summerCare,
      ),
    );
    const grownCity: ServiceList = {
      ...city,
      version: 2,
      items: [...city.items, { ...city.items[5], code: 'HZ-22', name: '新增项目' }],
    };
    const v2 = deriveCountyDraft({ divisionCode: MUDAN, version: 2, cityList: grownCity, previous: v1 });
    expect(v2.items.map((i) => i.code).slice(-3)).toEqual(['HZ-21', '371702-01', 'HZ-22']);
    expect(v2.items.find((i) => i.code === 'HZ-02')?.content).toBe('3-6岁流动儿童免费入读普惠性幼儿园');
    expect(v2.basedOn).toEqual({ divisionCode: '371700', version: 2 });
  });
});

describe('editing a draft: raise, never narrow', () => {
  it.each([
    { reason: 'content rewritten (raised)', code: 'HZ-11', patch: { content: '优先配租公共租赁住房' } },
    {
      reason: 'target group extended with any',
      code: 'HZ-09',
      patch: {
        targetGroup: '流动儿童中的孤儿和事实无人抚养儿童',
        eligibility: rule.any(rule.flag('orphan'), rule.flag('deFactoUnsupported')),
      },
    },
    {
      reason: 'a department added',
      code: 'HZ-05',
      patch: { departments: ['education-sports', 'human-resources', 'finance'] as const },
    },
    {
      reason: 'department order changed',
      code: 'HZ-05',
      patch: { departments: ['human-resources', 'education-sports'] as const },
    },
  ])('accepts $reason', ({ code, patch }) => {
    const edited = editItem(draft(), code, patch, basis);
    expect(edited.items.find((i) => i.code === code)).toMatchObject(patch);
    expect(basisViolations(edited, basis)).toEqual([]);
  });

  it.each([
    {
      reason: 'target group narrowed',
      code: 'HZ-09',
      patch: { eligibility: rule.all(rule.flag('orphan'), rule.flag('disabled')) },
      message:
        '服务清单低于基础清单，不能保存或发布：基础清单项目HZ-09「“孤儿医疗康复明天计划”项目服务」的服务对象规则不得缩小：须与基础清单相同，或用"或"(any)在基础清单规则之外扩展',
    },
    {
      reason: 'a department dropped',
      code: 'HZ-05',
      patch: { departments: ['education-sports'] as const },
      message:
        '服务清单低于基础清单，不能保存或发布：基础清单项目HZ-05「中等职业教育助学费」不得移除基础清单的责任部门：人社局',
    },
    {
      reason: 'moved to another area',
      code: 'HZ-06',
      patch: { area: '发展保障' as const },
      message:
        '服务清单低于基础清单，不能保存或发布：基础清单项目HZ-06「卫生健康服务」的服务领域须与基础清单一致（病有所医）',
    },
  ])('refuses $reason, naming the item', ({ code, patch, message }) => {
    const error = thrown(() => editItem(draft(), code, patch, basis));
    expect(error.code).toBe('failed-precondition');
    expect(error.message).toBe(message);
    expect(error.details.items).toBe(code);
  });

  it('refuses a blank content with the field named', () => {
    const error = thrown(() => editItem(draft(), 'HZ-01', { content: '' }, basis));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toBe('items[HZ-01].content（服务内容）：必填，须为非空文字');
  });

  it('refuses to edit an unknown item', () => {
    expect(thrown(() => editItem(draft(), 'HZ-99', { content: 'x' }, basis)).message).toBe(
      '服务项目不存在：HZ-99',
    );
  });

  it('refuses to edit a published version', () => {
    const error = thrown(() => editItem(publish(draft()), 'HZ-01', { content: 'x' }, basis));
    expect(error.message).toBe('服务清单第1版已发布，不可修改：请新建草稿');
  });
});

describe('adding and removing items', () => {
  it('adds a county item under its own code', () => {
    const d = addItem(draft(), '371702-01', summerCare);
    expect(d.items.at(-1)).toEqual({
      ...summerCare,
      code: '371702-01',
      nationalBasic: false,
      corrections: [],
    });
  });

  it('refuses a duplicate code', () => {
    expect(thrown(() => addItem(draft(), 'HZ-01', summerCare)).message).toBe('项目编码 HZ-01 已存在');
  });

  it('removes a county item', () => {
    const d = removeItem(addItem(draft(), '371702-01', summerCare), '371702-01', basis);
    expect(d.items).toHaveLength(21);
  });

  it('refuses to remove a basic item, naming it in Chinese', () => {
    const error = thrown(() => removeItem(draft(), 'HZ-07', basis));
    expect(error.code).toBe('failed-precondition');
    expect(error.message).toBe('HZ-07「医疗保障服务」是基础清单项目，不得删减');
  });

  it.each([
    { used: [], expected: '371702-01', reason: 'first addition' },
    {
      used: ['HZ-01', '371702-01', '371702-07'],
      expected: '371702-08',
      reason: 'one past the highest ever used',
    },
    { used: ['371703-09'], expected: '371702-01', reason: "another county's codes do not count" },
  ])('nextAdditionCode: $reason', ({ used, expected }) => {
    expect(nextAdditionCode(MUDAN, used)).toBe(expected);
  });
});

describe('publishing', () => {
  it('publishes a draft with its effective date', () => {
    const p = publish(draft(), '2025-07-01');
    expect(p).toMatchObject({
      status: 'published',
      effectiveFrom: '2025-07-01',
      publishedAt: '2025-07-01T09:00:00+08:00',
    });
  });

  it('refuses a list without a basic item (stored by other means), naming every missing item', () => {
    const missing: ServiceList = {
      ...draft(),
      items: draft().items.filter((i) => i.code !== 'HZ-07' && i.code !== 'HZ-15'),
    };
    const error = thrown(() => publish(missing));
    expect(error.code).toBe('failed-precondition');
    expect(error.message).toBe(
      '服务清单低于基础清单，不能保存或发布：缺少基础清单项目HZ-07「医疗保障服务」：基础清单项目不得删减；缺少基础清单项目HZ-15「最低生活保障服务」：基础清单项目不得删减',
    );
    expect(error.details).toEqual({ items: 'HZ-07,HZ-15', violations: 2, rules: 'basic-item-missing' });
  });

  it.each([
    {
      reason: 'in the past',
      effectiveFrom: '2025-05-31',
      message: '生效日期 2025-05-31 不能早于今日 2025-06-01',
    },
    {
      reason: 'not a date',
      effectiveFrom: '2025-02-30',
      message: '生效日期须为 YYYY-MM-DD 日期：2025-02-30',
    },
  ])('refuses an effective date $reason', ({ effectiveFrom, message }) => {
    expect(thrown(() => publish(draft(), effectiveFrom)).message).toBe(message);
  });

  it("refuses an effective date before the latest published version's", () => {
    const v1 = publish(draft(1), '2025-09-01');
    expect(thrown(() => publish(draft(2, v1), '2025-08-01', v1)).message).toBe(
      '生效日期 2025-08-01 不能早于已发布的第1版的生效日期 2025-09-01',
    );
  });

  it('the city list may drop a local item but not a national one', () => {
    const cityDraft = deriveCityDraft(city, 2);
    const withoutLocal = { ...cityDraft, items: cityDraft.items.filter((i) => i.code !== 'HZ-10') };
    expect(basisViolations(withoutLocal, cityBasis(city))).toEqual([]);
    const withoutNational = { ...cityDraft, items: cityDraft.items.filter((i) => i.code !== 'HZ-01') };
    expect(basisViolations(withoutNational, cityBasis(city)).map((v) => v.message)).toEqual([
      '缺少国家基础清单项目HZ-01「健康和托育（3岁以下）服务」：国家基础清单项目不得删减',
    ]);
  });
});

describe('which version is in force', () => {
  const v1 = publish(draft(1), '2025-06-01');
  const v2 = publish(draft(2, v1), '2025-09-01', v1);
  const v3draft = draft(3, v2);

  it.each([
    { on: '2025-05-31', expected: undefined, reason: 'before any version takes effect' },
    { on: '2025-06-01', expected: 1, reason: 'v1 from its effective date' },
    { on: '2025-08-31', expected: 1, reason: 'v2 is published but not yet effective' },
    { on: '2025-09-01', expected: 2, reason: 'v2 from its effective date; drafts never count' },
  ])('$on: $reason', ({ on, expected }) => {
    expect(currentPublished([v3draft, v2, v1], on)?.version).toBe(expected);
  });

  it('on the same effective date the higher version wins', () => {
    const again = publish(draft(3, v2), '2025-09-01', v2);
    expect(currentPublished([v1, again, v2], '2025-09-01')?.version).toBe(3);
  });
});

describe('effectiveList', () => {
  it('is the city list while the county has published none', () => {
    expect(effectiveList(city, undefined)).toBe(city);
  });

  it('completes a county list with city items added after it was published', () => {
    const county = publish(addItem(draft(), '371702-01', summerCare));
    const grown: ServiceList = {
      ...city,
      version: 2,
      items: [...city.items, { ...city.items[5], code: 'HZ-22' }],
    };
    expect(
      effectiveList(grown, county)
        .items.map((i) => i.code)
        .slice(-2),
    ).toEqual(['371702-01', 'HZ-22']);
    expect(effectiveList(city, county)).toBe(county);
  });
});
