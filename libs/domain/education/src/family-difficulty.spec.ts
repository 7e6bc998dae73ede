import type { ChildFacts, DifficultyType } from '@care/catalogue';
import {
  DIFFICULTY_GROUNDS,
  familyDifficultyGrounds,
  isFamilyInDifficulty,
  type DifficultyFacts,
  type DifficultyGround,
} from './family-difficulty';

const none: DifficultyFacts = {
  minimumLiving: false,
  destitute: false,
  difficultyTypes: [],
  orphan: false,
  scatteredOrphan: false,
  deFactoUnsupported: false,
  disabled: false,
};
const facts = (
  overrides: Partial<Omit<ChildFacts, 'difficultyTypes'>> & { difficultyTypes?: DifficultyType[] },
) => ({ ...none, ...overrides }) as DifficultyFacts;

describe('familyDifficultyGrounds', () => {
  it('is empty for a family with no ground, and isFamilyInDifficulty is false', () => {
    expect(familyDifficultyGrounds(none)).toEqual([]);
    expect(isFamilyInDifficulty(none)).toBe(false);
  });

  it.each<[string, DifficultyFacts, DifficultyGround]>([
    ['低保', facts({ minimumLiving: true }), 'minimumLiving'],
    ['特困', facts({ destitute: true }), 'destitute'],
    [
      '家庭生活困难 on the key-care ledger',
      facts({ difficultyTypes: ['family-hardship'] }),
      'familyHardship',
    ],
    ['an orphan', facts({ orphan: true }), 'orphan'],
    ['a scattered orphan (社会散居孤儿) counts as an orphan', facts({ scatteredOrphan: true }), 'orphan'],
    ['事实无人抚养', facts({ deFactoUnsupported: true }), 'deFactoUnsupported'],
    ['a disabled child', facts({ disabled: true }), 'disabled'],
    ['自身残疾 on the key-care ledger', facts({ difficultyTypes: ['disability'] }), 'disabled'],
  ])('%s is a ground', (_why, input, ground) => {
    expect(familyDifficultyGrounds(input)).toEqual([ground]);
    expect(isFamilyInDifficulty(input)).toBe(true);
  });

  it.each<[string, DifficultyType]>([
    ['监护缺失', 'lack-of-guardianship'],
    ['流浪', 'vagrancy'],
    ['心理和行为异常', 'psychological-behavioural'],
    ['跨乡镇求助', 'cross-township-help-request'],
  ])('the ledger type %s is no economic ground', (_why, type) => {
    expect(familyDifficultyGrounds(facts({ difficultyTypes: [type] }))).toEqual([]);
  });

  it('lists every ground once, in table order', () => {
    const all = facts({
      disabled: true,
      difficultyTypes: ['disability', 'family-hardship'],
      orphan: true,
      scatteredOrphan: true,
      deFactoUnsupported: true,
      destitute: true,
      minimumLiving: true,
    });
    expect(familyDifficultyGrounds(all)).toEqual(Object.keys(DIFFICULTY_GROUNDS));
  });

  it('names every ground in Chinese', () => {
    for (const text of Object.values(DIFFICULTY_GROUNDS)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });
});
