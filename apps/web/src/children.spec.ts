import {
  changeBody,
  closeBody,
  completionBody,
  completionText,
  coveragePercent,
  determinationTitle,
  nextChangeText,
  periodLabel,
  registrationBody,
  summaryText,
  type ChildDetail,
  type CompletionResult,
} from './children';

describe('登记新儿童: the body of POST /children from the form', () => {
  const base = {
    name: ' 王小亮 ',
    hukouDivisionCode: '371721',
    hukouAddress: ' 曹县仵楼镇 ',
    residenceDivisionCode: '371702005',
    movedInOn: '2024-09-01',
    residenceAddress: '解放路58号',
    accompaniedBy: 'both-parents' as const,
  };

  it('trims, normalises the ID number and phones, and leaves blanks out', () => {
    expect(
      registrationBody({
        ...base,
        idNumber: ' 37172120160505411x ',
        birthDate: '',
        sex: '',
        guardians: [{ name: ' 王大海 ', relation: '父亲', phone: '+86 155-2926-5472' }, {}],
        difficultyTypes: [],
        circumstances: [],
      }),
    ).toEqual({
      name: '王小亮',
      idNumber: '37172120160505411X',
      hukouDivisionCode: '371721',
      hukouAddress: '曹县仵楼镇',
      residence: { divisionCode: '371702005', movedInOn: '2024-09-01', address: '解放路58号' },
      accompaniedBy: 'both-parents',
      guardians: [{ name: '王大海', relation: '父亲', phone: '15529265472' }],
    });
  });

  it('without an ID number: birth date and sex; the flags, circumstances and school when given', () => {
    const body = registrationBody({
      ...base,
      birthDate: '2016-05-05',
      sex: 'female',
      difficultyTypes: ['family-hardship'],
      askedForHelp: true,
      circumstances: ['disabled', 'orphan'],
      educationStage: 'primary',
      school: ' 牡丹区实验小学 ',
      grade: '四年级',
      inSchoolLocally: true,
    });
    expect(body).toMatchObject({
      birthDate: '2016-05-05',
      sex: 'female',
      difficultyTypes: ['family-hardship'],
      askedForHelp: true,
      circumstances: { disabled: true, orphan: true },
      education: { stage: 'primary', school: '牡丹区实验小学', grade: '四年级', inSchoolLocally: true },
      guardians: [],
    });
    expect(body).not.toHaveProperty('idNumber');
  });

  it('a phone the form could not normalise is sent as typed (the registry names it)', () => {
    const body = registrationBody({ ...base, guardians: [{ name: '李四', phone: ' 12345 ' }] });
    expect(body.guardians).toEqual([{ name: '李四', relation: '', phone: '12345' }]);
  });
});

describe('the child’s determination', () => {
  const d = {
    isMigrant: true,
    reasons: ['under-16'],
    reasonTexts: ['不满十六周岁'],
    asOf: '2026-12-07',
    nextChangeOn: '2032-05-05',
  } as ChildDetail['determination'];

  it('titles and the next automatic re-determination', () => {
    expect(determinationTitle(d)).toBe('认定为流动儿童（判定日期 2026-12-07）');
    expect(determinationTitle({ ...d, isMigrant: false })).toBe('不属于流动儿童（判定日期 2026-12-07）');
    expect(nextChangeText(d)).toBe('认定结果将于 2032-05-05 自动重新判定');
    expect(nextChangeText({ ...d, nextChangeOn: null })).toBeNull();
  });
});

describe('待补录', () => {
  it('the completion sends only what was filled in', () => {
    expect(completionBody({ idNumber: ' 37172120160505411x', birthDate: '', sex: '' })).toEqual({
      idNumber: '37172120160505411X',
    });
    expect(completionBody({ birthDate: '2016-05-05', sex: 'male', hukouDivisionCode: ' 371721 ' })).toEqual({
      birthDate: '2016-05-05',
      sex: 'male',
      hukouDivisionCode: '371721',
    });
  });

  it('says what the completion did', () => {
    const child = { determination: { isMigrant: true } } as ChildDetail;
    const r = (keyCare?: CompletionResult['keyCare']): CompletionResult => ({ child, keyCare });
    expect(completionText(r())).toBe('已补录并登记为儿童（已认定为流动儿童）');
    expect(completionText(r({ outcome: 'added' }))).toBe(
      '已补录并登记为儿童（已认定为流动儿童）；已建重点关爱台账',
    );
    expect(completionText(r({ outcome: 'changed' }))).toContain('重点关爱台账已更新');
    expect(completionText(r({ outcome: 'refused', reason: '不是流动儿童' }))).toContain(
      '未建重点关爱台账：不是流动儿童',
    );
    expect(completionText({ child: { determination: { isMigrant: false } } as ChildDetail })).toBe(
      '已补录并登记为儿童（不属于流动儿童）',
    );
  });
});

describe('摸排 coverage', () => {
  const s = { assigned: 8, found: 3, confirmed: 2, notFound: 1, notYetVisited: 2, covered: 6 };
  it('covered of assigned, and the tally in the registry’s words', () => {
    expect(coveragePercent(s)).toBe(75);
    expect(coveragePercent({ ...s, assigned: 0, covered: 0 })).toBe(0);
    expect(summaryText(s)).toBe('已分配 8，已找到 3，已核实 2，未找到 1，未走访 2，覆盖率 75%');
    expect(periodLabel('2026-H1')).toBe('2026年上半年');
    expect(periodLabel('2026-H2')).toBe('2026年下半年');
    expect(periodLabel('x')).toBe('x');
  });
});

describe('台账 变更 / 销档 bodies', () => {
  const entry = {
    countyCode: '371702',
    version: 3,
    difficultyTypes: ['family-hardship'],
    situationSummary: '父母务工',
    notes: '',
    school: '实验小学',
    grade: '四年级',
    visitWorkerId: 'director-1',
  };

  it('a change sends only what differs, on the version read; nothing changed → null', () => {
    expect(
      changeBody(entry, {
        difficultyTypes: ['family-hardship'],
        situationSummary: '父母务工',
        notes: '',
        school: '实验小学',
        grade: '四年级',
        visitWorkerId: 'director-1',
      }),
    ).toBeNull();
    expect(
      changeBody(entry, {
        difficultyTypes: ['family-hardship', 'disability'],
        situationSummary: ' 父母务工，收入低 ',
        notes: '',
        school: '实验小学',
        grade: '五年级',
        visitWorkerId: 'director-1',
      }),
    ).toEqual({
      countyCode: '371702',
      version: 3,
      difficultyTypes: ['family-hardship', 'disability'],
      situationSummary: '父母务工，收入低',
      grade: '五年级',
    });
    // Reordered types are the same set.
    expect(
      changeBody({ ...entry, difficultyTypes: ['a', 'b'] }, { ...entry, difficultyTypes: ['b', 'a'] }),
    ).toBeNull();
  });

  it('a close carries the reason, the day and the note when given', () => {
    expect(closeBody(entry, { reason: 'moved-out', closedOn: '2026-12-07', note: ' ' })).toEqual({
      countyCode: '371702',
      version: 3,
      reason: 'moved-out',
      closedOn: '2026-12-07',
    });
    expect(closeBody(entry, { reason: 'other', closedOn: '2026-12-07', note: ' 监护人申请 ' })).toMatchObject(
      {
        note: '监护人申请',
      },
    );
  });
});
