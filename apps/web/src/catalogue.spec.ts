import {
  canReadGaps,
  canWriteList,
  itemPatch,
  latestPublished,
  openDraft,
  type ListVersionSummary,
} from './catalogue';

const v = (version: number, status: 'draft' | 'published'): ListVersionSummary => ({
  divisionCode: '371702',
  version,
  status,
  title: '牡丹区清单',
  effectiveFrom: status === 'published' ? '2026-01-01' : null,
  publishedAt: null,
  itemCount: 21,
  applied: status === 'published',
});

describe('catalogue rules in the UI (as catalogue-permissions decides)', () => {
  it.each([
    ['the county admin writes the county list', 'civil-affairs-admin', ['371702'], '371702', true],
    ['a county code never covers the city list', 'civil-affairs-admin', ['371702'], '371700', false],
    ['the city admin writes the city list', 'civil-affairs-admin', ['371700'], '371700', true],
    ['the city code never covers a county list', 'civil-affairs-admin', ['371700'], '371702', false],
    ['another county', 'civil-affairs-admin', ['371721'], '371702', false],
    ['an officer reads only', 'civil-affairs-officer', ['371702'], '371702', false],
    ['a department officer reads only', 'department-officer', ['371702'], '371702', false],
    ['the auditor reads only', 'auditor', ['371702'], '371702', false],
  ])('%s', (_why, role, counties, division, may) => expect(canWriteList(role, counties, division)).toBe(may));

  it('gaps: everyone but the auditor', () => {
    for (const role of [
      'civil-affairs-admin',
      'civil-affairs-officer',
      'child-director',
      'department-officer',
    ])
      expect(canReadGaps(role)).toBe(true);
    expect(canReadGaps('auditor')).toBe(false);
  });

  it('finds the open draft and the newest published version', () => {
    expect(openDraft([v(1, 'published'), v(2, 'draft')])?.version).toBe(2);
    expect(openDraft([v(1, 'published')])).toBeUndefined();
    expect(latestPublished([v(1, 'published'), v(3, 'published'), v(4, 'draft')])?.version).toBe(3);
    expect(latestPublished([v(1, 'draft')])).toBeUndefined();
  });

  it('an edit sends only what changed, trimmed', () => {
    const item = { name: '卫生健康服务', targetGroup: '流动儿童', content: '建档', departments: ['health'] };
    expect(itemPatch(item, { ...item, departments: ['health'] })).toEqual({});
    expect(itemPatch(item, { ...item, content: ' 建档并随访 ' })).toEqual({ content: '建档并随访' });
    expect(itemPatch(item, { ...item, departments: ['health', 'civil-affairs'] })).toEqual({
      departments: ['health', 'civil-affairs'],
    });
    expect(itemPatch(item, { ...item, departments: [] })).toEqual({ departments: [] });
    expect(itemPatch(item, { ...item, name: '卫生健康', targetGroup: '全部流动儿童' })).toEqual({
      name: '卫生健康',
      targetGroup: '全部流动儿童',
    });
  });
});
