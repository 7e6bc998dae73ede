import { parseActor } from '@care/access';
import { DomainError } from '@care/errors';
import { countiesVisible, defaultArea, mayRead, parseArea } from './monitoring-access';

const actor = (counties: string) =>
  parseActor(
    (h) =>
      ({
        'x-user-id': 'u',
        'x-role': 'civil-affairs-officer',
        'x-department': 'D',
        'x-county-codes': counties,
      })[h],
  );

describe('monitoring access', () => {
  it.each([
    ['371700', 'city'],
    ['371702', 'county'],
    ['371702001', 'township'],
  ])('%s is a %s of the city', (code, level) => expect(parseArea(code, '371700').level).toBe(level));

  it.each(['110101', '371800', '3717', '37170200'])('refuses %s naming the field', (code) => {
    expect(() => parseArea(code, '371700')).toThrow(DomainError);
    expect(() => parseArea(code, '371700')).toThrow(/area/);
  });

  it.each([
    ['city staff read the city', '371700', '371700', true],
    ['city staff read any county', '371700', '371725', true],
    ['county staff do not read the city', '371702', '371700', false],
    ['county staff read their county', '371702', '371702', true],
    ['county staff read their townships', '371702', '371702001', true],
    ['county staff do not read another county', '371702', '371721', false],
    ['county staff do not read another county’s township', '371702', '371721001', false],
  ])('%s', (_why, counties, area, allowed) => {
    expect(mayRead(actor(counties), '371700', parseArea(area, '371700'))).toBe(allowed);
  });

  it('lists every county for city staff, their own for county staff', () => {
    expect(countiesVisible(actor('371700'), '371700', ['371702', '371721'])).toEqual(['371702', '371721']);
    expect(countiesVisible(actor('371721,371722'), '371700', ['371702', '371721'])).toEqual(['371721']);
  });

  it.each([
    ['city staff default to the city', '371700', '371700'],
    ['county staff default to their first county of the city', '410102,371721,371702', '371721'],
  ])('%s', (_why, counties, area) => expect(defaultArea(actor(counties), '371700')).toBe(area));

  it('refuses staff with no county of the city (not an invalid area they never typed)', () => {
    expect(() => defaultArea(actor('410102'), '371700')).toThrow(DomainError);
    expect(() => defaultArea(actor('410102'), '371700')).toThrow(/不在本市（371700）/);
  });
});
