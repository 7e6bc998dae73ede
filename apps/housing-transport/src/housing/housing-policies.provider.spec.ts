import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_HOUSING_POLICIES } from '@care/housing-transport-rules';
import { loadHousingPolicies } from './housing-policies.provider';

const dir = mkdtempSync(join(tmpdir(), 'housing-policies-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const entry = {
  countyCode: '371721',
  incomeCeilingPerCapitaMonthlyYuan: 1800,
  areaCeilingPerCapitaSqm: 16,
  minResidenceMonths: 12,
  subsidyYuanPerSqmMonthly: 6,
  guaranteedAreaPerCapitaSqm: 15,
  guaranteedAreaMaxSqm: 60,
  source: '曹县住房保障标准（测试）',
};

describe('loadHousingPolicies', () => {
  it('uses the demo data when no file is named', () => {
    expect(loadHousingPolicies(undefined)).toBe(DEMO_HOUSING_POLICIES);
  });

  it("reads a county's published standards from the file", () => {
    const policies = loadHousingPolicies(file('good.json', JSON.stringify([entry])));
    expect([...policies.keys()]).toEqual(['371721']);
    expect(policies.get('371721')).toEqual(entry);
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => loadHousingPolicies(join(dir, 'absent.json'))).toThrow(/absent\.json: 不是可读的 JSON 文件/);
    expect(() => loadHousingPolicies(file('bad.json', '{ nope'))).toThrow(/bad\.json: 不是可读的 JSON 文件/);
  });

  it('names the entry and field of a bad standard', () => {
    const bad = file(
      'bad-entry.json',
      JSON.stringify([entry, { ...entry, countyCode: '371722', minResidenceMonths: -1 }]),
    );
    expect(() => loadHousingPolicies(bad)).toThrow(/第2项 minResidenceMonths/);
  });
});
