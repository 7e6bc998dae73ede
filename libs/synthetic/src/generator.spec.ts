import { LEDGER_TABLE_HEADERS } from '@care/child-rules';
import {
  DIFFICULTY_TYPES,
  completedYears,
  determineMigrantStatus,
  isDifficultyType,
} from '@care/child-rules';
import { HEZE_CENTRAL_URBAN, countyOf, resolveDivision } from '@care/divisions';
import { validateIdNumber } from '@care/identity';
import {
  LEDGER_COLUMNS,
  createGenerator,
  schoolYearAge,
  toLedgerRow,
  typicalStage,
  type SyntheticChild,
} from './index';

const N = 100_000;

describe('createGenerator: 100,000 Heze children', () => {
  const generator = createGenerator(20250220);
  let children: SyntheticChild[];

  // Speed is a benchmark's business (STYLE: no timed tests); here only what is produced.
  beforeAll(() => {
    children = [...generator.children(N)];
  });

  it('streams the requested number of children', () => {
    expect(children).toHaveLength(N);
  });

  it('gives every child with an ID number a valid, unique one that matches birth date and sex', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    let withoutId = 0;
    for (const c of children) {
      if (!c.idNumber) {
        withoutId++;
        continue;
      }
      const result = validateIdNumber(c.idNumber, { asOf: c.asOf });
      if (!result.ok) problems.push(`${c.key}: invalid ${result.reasons.join(',')}`);
      else if (result.birthDate !== c.birthDate || result.sex !== c.sex)
        problems.push(`${c.key}: ID disagrees with birth date or sex`);
      seen.add(c.idNumber);
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(N - withoutId);
    expect(withoutId / N).toBeGreaterThan(0.005); // about 1% have no ID number (黑户)
    expect(withoutId / N).toBeLessThan(0.015);
  });

  it('uses the historical 定陶县 code 371727 for Dingtao children born before 2016', () => {
    const dingtao = children.filter((c) => c.idNumber?.startsWith('371727'));
    expect(dingtao.length).toBeGreaterThan(100);
    for (const c of dingtao) expect(c.birthDate < '2016-03-01').toBe(true);
    expect(children.some((c) => c.hukou.divisionCode === '371727')).toBe(true);
    expect(children.some((c) => c.idNumber?.startsWith('371703'))).toBe(true);
  });

  it('gives guardians valid ID numbers (a few 15-digit legacy ones) and mobile numbers', () => {
    let legacy = 0;
    const problems: string[] = [];
    for (const c of children.slice(0, 20_000)) {
      if (c.guardians.length === 0) problems.push(`${c.key}: no guardian`);
      for (const g of c.guardians) {
        if (!/^1[3-9]\d{9}$/.test(g.phone)) problems.push(`${c.key}: phone ${g.phone}`);
        const result = validateIdNumber(g.idNumber, { asOf: c.asOf, allowLegacy15: true });
        if (!result.ok) problems.push(`${c.key} guardian: ${result.reasons.join(',')}`);
        else if (result.upgradedFrom15) legacy++;
        if (completedYears(g.birthDate, c.asOf) < 18) problems.push(`${c.key}: guardian under 18`);
      }
    }
    expect(problems).toEqual([]);
    expect(legacy).toBeGreaterThan(0);
  });

  it('lives in Heze townships, with a hukou place the division dataset knows', () => {
    const problems: string[] = [];
    for (const c of children.slice(0, 20_000)) {
      const residence = resolveDivision(c.residence.divisionCode);
      if (residence?.level !== 'township' || residence.cityCode !== '371700')
        problems.push(`${c.key}: residence ${c.residence.divisionCode}`);
      if (!countyOf(c.hukou.divisionCode)) problems.push(`${c.key}: hukou ${c.hukou.divisionCode}`);
      if (!/^菏泽市.+(街道.+社区|[镇乡].+村).+\d+号$/.test(c.residence.address))
        problems.push(`${c.key}: address ${c.residence.address}`);
      if (!/^.+[省市].+\d+号$/.test(c.hukou.address))
        problems.push(`${c.key}: hukou address ${c.hukou.address}`);
      if (c.residence !== c.residenceHistory[c.residenceHistory.length - 1])
        problems.push(`${c.key}: residence is not the last of the history`);
      if (c.residence.movedInOn < c.birthDate || c.residence.movedInOn > c.asOf)
        problems.push(`${c.key}: moved in ${c.residence.movedInOn}`);
      if (
        c.residence.movedOutOn &&
        (c.residence.movedOutOn <= c.residence.movedInOn || c.residence.movedOutOn > c.asOf)
      )
        problems.push(`${c.key}: moved out ${c.residence.movedOutOn}`);
    }
    expect(problems).toEqual([]);
  });

  it('has plausible distributions', () => {
    const share = (p: (c: SyntheticChild) => boolean) => children.filter(p).length / N;
    expect(share((c) => c.sex === 'male')).toBeGreaterThan(0.49);
    expect(share((c) => c.sex === 'male')).toBeLessThan(0.55);
    expect(
      share(
        (c) =>
          c.residence.divisionCode.startsWith('371702') || countyOf(c.residence.divisionCode) === '371702',
      ),
    ).toBeGreaterThan(0.3);
    expect(share((c) => c.hukou.origin === 'henan')).toBeGreaterThan(0.15);
    expect(share((c) => !countyOf(c.hukou.divisionCode)!.startsWith('37'))).toBeGreaterThan(0.25);
    const keyCare = share((c) => c.difficultyTypes.length > 0);
    expect(keyCare).toBeGreaterThan(0.03);
    expect(keyCare).toBeLessThan(0.06);
    expect(share((c) => c.askedForHelp)).toBeGreaterThan(0.01);
    expect(share((c) => c.residence.movedOutOn !== undefined)).toBeGreaterThan(0.03);
    expect(share((c) => c.residenceHistory.length > 1)).toBeGreaterThan(0.1);
    for (const type of DIFFICULTY_TYPES.filter((t) => t !== 'cross-township-help-request')) {
      expect(children.some((c) => c.difficultyTypes.includes(type))).toBe(true);
    }
    expect(children.slice(0, 5000).every((c) => c.difficultyTypes.every(isDifficultyType))).toBe(true);
    // ages 0..17, roughly uniform
    const ages = new Map<number, number>();
    for (const c of children) {
      const age = completedYears(c.birthDate, c.asOf);
      ages.set(age, (ages.get(age) ?? 0) + 1);
    }
    expect([...ages.keys()].sort((a, b) => a - b)).toEqual([...Array(18).keys()]);
    for (const count of ages.values()) expect(count / N).toBeGreaterThan(0.04);
    // most are migrant children by the rule itself, and not all
    const sample = children.slice(0, 20_000);
    const migrant =
      sample.filter(
        (c) =>
          determineMigrantStatus(
            {
              birthDate: c.birthDate,
              hukouDivisionCode: c.hukou.divisionCode,
              residence: c.residence,
              accompaniedBy: c.accompaniedBy,
            },
            c.asOf,
            { centralUrban: HEZE_CENTRAL_URBAN },
          ).isMigrant,
      ).length / sample.length;
    expect(migrant).toBeGreaterThan(0.55);
    expect(migrant).toBeLessThan(0.85);
  });

  it('keeps school stage consistent with age', () => {
    const problems: string[] = [];
    for (const c of children.slice(0, 20_000)) {
      const age = schoolYearAge(c.birthDate, c.asOf);
      const { stage } = c.education;
      if (stage === 'none' && age >= 6 && age < 15)
        problems.push(`${c.key}: compulsory-age child out of school`);
      if (stage === 'special' || stage === 'none') continue;
      const expected = [typicalStage(age, 'general').stage, typicalStage(age, 'vocational').stage];
      if (!expected.includes(stage)) problems.push(`${c.key}: age ${age} in ${stage}`);
      if (!c.education.schoolName || !c.education.grade) problems.push(`${c.key}: no school or grade`);
    }
    expect(problems).toEqual([]);
  });

  it('is deterministic: the same seed and index give the same child, in any order', () => {
    const again = createGenerator(20250220);
    for (const i of [0, 1, 999, 54_321, N - 1]) expect(again.child(i)).toEqual(children[i]);
    expect([...again.children(3, 500)]).toEqual(children.slice(500, 503));
    expect(createGenerator(7).child(0)).not.toEqual(children[0]);
  });

  it('reaches index one million without holding the others', () => {
    const far = generator.child(999_999);
    expect(validateIdNumber(far.idNumber ?? generator.child(999_998).idNumber!, { asOf: far.asOf }).ok).toBe(
      true,
    );
  });
});

describe('toLedgerRow (Attachment 1)', () => {
  const generator = createGenerator(1);

  it('fills the 15 columns of Attachment 1, as @care/child-rules defines them', () => {
    expect(LEDGER_COLUMNS).toBe(LEDGER_TABLE_HEADERS);
  });

  it('writes every cell as a string, with labels a person reads', () => {
    let sawType = false;
    let sawMovedOut = false;
    const problems: string[] = [];
    const label = /^(家庭生活困难|自身残疾|监护缺失|流浪|心理和行为异常|跨乡镇（街道）主动提出救助帮扶需求)$/;
    for (const c of generator.children(3000)) {
      const row = toLedgerRow(c);
      const bad = (what: string) => problems.push(`${c.key}: ${what}`);
      if (row.length !== 15 || row.some((cell) => typeof cell !== 'string')) bad('shape');
      if (row[0] !== String(c.index + 1) || row[1] !== c.name) bad('serial or name');
      if (row[2] !== (c.sex === 'male' ? '男' : '女')) bad('sex');
      if (Number(row[3]) !== completedYears(c.birthDate, c.asOf)) bad('age');
      if (row[4] !== (c.idNumber ?? '')) bad('ID number');
      if (c.difficultyTypes.length > 0 || c.askedForHelp) {
        sawType = true;
        if (!row[7].split('、').every((t) => label.test(t))) bad(`types ${row[7]}`);
        if (row[13] === '') bad('no care activity');
      } else if (row[7] !== '') bad('types without difficulty');
      if (c.residence.movedOutOn) {
        sawMovedOut = true;
        if (!row[14].includes(`迁出时间：${c.residence.movedOutOn}`)) bad('no move-out date');
      }
      if (!/^1[3-9]\d{9}$/.test(row[11])) bad('phone');
    }
    expect(problems).toEqual([]);
    expect(sawType && sawMovedOut).toBe(true);
  });

  it('takes an explicit serial number', () => {
    expect(toLedgerRow(generator.child(5), 1)[0]).toBe('1');
  });
});
