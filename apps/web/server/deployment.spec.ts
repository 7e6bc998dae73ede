import { deploymentOf } from './deployment';

describe('deploymentOf: names for the codes the services return', () => {
  const heze = deploymentOf('371700');

  it('names the city, its counties and their townships (GB/T 2260)', () => {
    expect(heze.cityName).toContain('菏泽');
    expect(heze.counties).toContainEqual({ code: '371702', name: '牡丹区' });
    expect(heze.counties).toContainEqual({ code: '371721', name: '曹县' });
    expect(heze.counties.every((c) => /^3717\d\d$/.test(c.code))).toBe(true);
    expect(heze.townships['371702']?.length).toBeGreaterThan(0);
    expect(heze.townships['371702']).toContainEqual({ code: '371702005', name: '牡丹街道' });
    // The development zones administer some of 牡丹区's townships (the dataset's management areas).
    expect(heze.townships['371702']?.map((t) => t.code)).toContain('371771001');
  });

  it('names every prefecture-level city, for the gateway’s partners', () => {
    expect(heze.cities).toContainEqual({ code: '410100', name: '郑州市' });
    expect(heze.cities).toContainEqual({ code: '371700', name: '菏泽市' });
    expect(heze.cities.length).toBeGreaterThan(300);
    expect(heze.cities.every((c) => /^\d{4}00$/.test(c.code))).toBe(true);
  });

  it('names every department with the account’s spelling of it (common.v1.Department)', () => {
    expect(heze.departments).toContainEqual({
      id: 'health',
      accountDepartment: 'DEPARTMENT_HEALTH',
      name: '卫健委',
    });
    expect(heze.departments).toContainEqual({
      id: 'disabled-persons-federation',
      accountDepartment: 'DEPARTMENT_DISABLED_PERSONS_FEDERATION',
      name: '残联',
    });
    expect(heze.departments.every((d) => d.accountDepartment.startsWith('DEPARTMENT_'))).toBe(true);
  });

  it('maps each department service to departments the catalogue knows', () => {
    const ids = new Set(heze.departments.map((d) => d.id));
    expect(heze.departmentServices.map((s) => s.service)).toEqual([
      'education',
      'health-insurance',
      'welfare',
      'housing-transport',
    ]);
    for (const s of heze.departmentServices) for (const d of s.departments) expect(ids.has(d)).toBe(true);
  });

  it('carries the ledger’s difficulty types and the list’s service areas', () => {
    expect(heze.difficultyTypes).toContainEqual({ code: 'family-hardship', name: '家庭生活困难' });
    expect(heze.difficultyTypes).toHaveLength(6);
    expect(heze.serviceAreas).toContain('幼有所育');
  });

  it('carries the education stages and the registry’s circumstances flags (not 在流入地就读)', () => {
    expect(heze.educationStages).toContainEqual({ code: 'primary', name: '小学' });
    expect(heze.educationStages.map((s) => s.code)).toContain('unspecified');
    expect(heze.circumstances).toContainEqual({ code: 'disabled', name: '残疾儿童' });
    expect(heze.circumstances).toHaveLength(12);
    expect(heze.circumstances.map((c) => c.code)).not.toContain('inSchoolLocally');
  });

  it('a city without counties in the dataset answers empty lists, named by its code', () => {
    const none = deploymentOf('999900');
    expect(none.cityName).toBe('999900');
    expect(none.counties).toEqual([]);
  });
});
