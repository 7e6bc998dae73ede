import { hezeBasicList } from './city-list';
import { addItem, countyBasis, deriveCountyDraft, editItem } from './county-list';
import { diffLists } from './list-diff';
import { rule } from './target-rule';
import type { ServiceList } from './service-list';

const city = hezeBasicList();
const basis = countyBasis(city);
const v1: ServiceList = {
  ...deriveCountyDraft({ divisionCode: '371702', version: 1, cityList: city }),
  status: 'published',
  effectiveFrom: '2025-06-01',
};

describe('diffLists', () => {
  it('reports nothing between a list and itself', () => {
    expect(diffLists(v1, v1)).toEqual({
      from: { divisionCode: '371702', version: 1 },
      to: { divisionCode: '371702', version: 1 },
      added: [],
      removed: [],
      changed: [],
      effectiveFrom: null,
    });
  });

  it('names added and changed items and the fields that changed, with readable values', () => {
    let v2 = deriveCountyDraft({ divisionCode: '371702', version: 2, cityList: city, previous: v1 });
    v2 = editItem(
      v2,
      'HZ-09',
      {
        targetGroup: '流动儿童中的孤儿和事实无人抚养儿童',
        eligibility: rule.any(rule.flag('orphan'), rule.flag('deFactoUnsupported')),
      },
      basis,
    );
    v2 = editItem(v2, 'HZ-11', { departments: ['housing', 'finance'] }, basis);
    v2 = addItem(v2, '371702-01', {
      area: '发展保障',
      targetGroup: '流动儿童',
      name: '暑期托管服务',
      content: '暑假期间提供免费托管',
      departments: ['education-sports'],
      eligibility: rule.everyone(),
    });
    const diff = diffLists(v1, v2);
    expect(diff.added).toEqual([{ code: '371702-01', name: '暑期托管服务' }]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      {
        code: 'HZ-09',
        name: '“孤儿医疗康复明天计划”项目服务',
        changes: [
          {
            field: 'targetGroup',
            fieldZh: '服务对象',
            before: '流动儿童中的孤儿',
            after: '流动儿童中的孤儿和事实无人抚养儿童',
          },
          {
            field: 'eligibility',
            fieldZh: '服务对象规则',
            before: '孤儿',
            after: '孤儿 或 事实无人抚养儿童',
          },
        ],
      },
      {
        code: 'HZ-11',
        name: '住房保障服务',
        changes: [{ field: 'departments', fieldZh: '责任部门', before: '住建局', after: '住建局、财政局' }],
      },
    ]);
    expect(diff.effectiveFrom).toEqual({ before: '2025-06-01', after: null });
  });

  it('names removed items (a county withdrawing its own addition)', () => {
    const withExtra: ServiceList = {
      ...v1,
      items: [...v1.items, { ...v1.items[0], code: '371702-01', name: '课后服务' }],
    };
    expect(diffLists(withExtra, v1).removed).toEqual([{ code: '371702-01', name: '课后服务' }]);
  });
});
