import { oneOf } from './filters';

describe('oneOf', () => {
  it('is the plain value for one value, so the store can use an equality index', () => {
    expect(oneOf(['371702'])).toBe('371702');
  });

  it('is $in for several values, copied from the input', () => {
    const values = ['a', 'b'];
    const filter = oneOf(values);
    expect(filter).toEqual({ $in: ['a', 'b'] });
    expect((filter as { $in: string[] }).$in).not.toBe(values);
  });

  it('refuses no values, naming the rule', () => {
    expect(() => oneOf([])).toThrow('oneOf needs at least one value');
  });
});
