import { isPlacement, PLACEMENT_IDS, PLACEMENTS, placementFromText } from './placement';

describe('PLACEMENTS', () => {
  it('has the three placements with Chinese names', () => {
    expect(PLACEMENT_IDS).toEqual(['public-school', 'government-purchased-place', 'private-self-paid']);
    expect(PLACEMENT_IDS.map((id) => PLACEMENTS[id].nameZh)).toEqual([
      '公办学位',
      '政府购买学位',
      '民办自费',
    ]);
  });

  it.each([
    ['public-school', true],
    ['government-purchased-place', true],
    ['private-self-paid', true],
    ['公办学位', false],
    ['toString', false],
    ['', false],
    [undefined, false],
    [1, false],
  ])('isPlacement(%p) is %p', (value, expected) => expect(isPlacement(value)).toBe(expected));
});

describe('placementFromText', () => {
  it.each([
    ['公办学位', 'public-school'],
    ['公办', 'public-school'],
    ['政府购买学位', 'government-purchased-place'],
    ['政府购买', 'government-purchased-place'],
    ['购买学位', 'government-purchased-place'],
    ['民办自费', 'private-self-paid'],
    ['自费', 'private-self-paid'],
    [' 公 办 学 位 ', 'public-school'],
    ['政府购买学位\u3000', 'government-purchased-place'],
    ['\u200b自费', 'private-self-paid'],
  ])('reads %p as %p', (text, expected) => expect(placementFromText(text)).toBe(expected));

  it.each(['', '民办', '公费', 'public-school', '政府', '学位'])('does not read %p', (text) =>
    expect(placementFromText(text)).toBeUndefined(),
  );
});
