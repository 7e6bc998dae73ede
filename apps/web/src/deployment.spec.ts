import {
  areaLabel,
  areaName,
  departmentIdOfAccount,
  departmentName,
  difficultyName,
  serviceOfDepartment,
  type WebDeployment,
} from './deployment';

const heze: WebDeployment = {
  cityCode: '371700',
  cityName: '菏泽市',
  counties: [
    { code: '371702', name: '牡丹区' },
    { code: '371721', name: '曹县' },
  ],
  townships: {
    '371702': [
      { code: '371702005', name: '牡丹街道' },
      { code: '371771001', name: '丹阳街道' },
    ],
    '371721': [{ code: '371721001', name: '曹城街道' }],
  },
  cities: [
    { code: '371700', name: '菏泽市' },
    { code: '410100', name: '郑州市' },
  ],
  departments: [
    { id: 'health', accountDepartment: 'DEPARTMENT_HEALTH', name: '卫健委' },
    { id: 'medical-insurance', accountDepartment: 'DEPARTMENT_MEDICAL_INSURANCE', name: '医保局' },
    { id: 'court', accountDepartment: 'DEPARTMENT_COURT', name: '人民法院' },
  ],
  departmentServices: [{ service: 'health-insurance', departments: ['health', 'medical-insurance'] }],
  difficultyTypes: [{ code: 'family-hardship', name: '家庭生活困难' }],
  serviceAreas: ['幼有所育'],
  educationStages: [{ code: 'primary', name: '小学' }],
  circumstances: [{ code: 'disabled', name: '残疾儿童' }],
};

describe('deployment lookups', () => {
  it.each([
    ['the city', '371700', '菏泽市'],
    ['a county', '371721', '曹县'],
    ['a partner city', '410100', '郑州市'],
    ['a township under its own county', '371702005', '牡丹街道'],
    ['a township administered by another county’s list', '371771001', '丹阳街道'],
    ['an unknown county: the code', '371799', '371799'],
    ['an unknown township: the code', '371702999', '371702999'],
    ['no code', '', ''],
  ])('areaName: %s', (_why, code, name) => expect(areaName(heze, code)).toBe(name));

  it('answers the code while the deployment is not loaded', () => {
    expect(areaName(null, '371702')).toBe('371702');
    expect(departmentName(null, 'health')).toBe('health');
    expect(serviceOfDepartment(null, 'DEPARTMENT_HEALTH')).toBeUndefined();
  });

  it('areaLabel: name and code, or the bare code when unknown', () => {
    expect(areaLabel(heze, '371702')).toBe('牡丹区（371702）');
    expect(areaLabel(heze, '999999')).toBe('999999');
  });

  it('departments by catalogue id or the account’s spelling', () => {
    expect(departmentName(heze, 'health')).toBe('卫健委');
    expect(departmentName(heze, 'DEPARTMENT_MEDICAL_INSURANCE')).toBe('医保局');
    expect(departmentName(heze, 'nobody')).toBe('nobody');
    expect(departmentIdOfAccount(heze, 'DEPARTMENT_HEALTH')).toBe('health');
    expect(departmentIdOfAccount(heze, 'DEPARTMENT_NOBODY')).toBeUndefined();
  });

  it('the department service of an account: only departments a service serves', () => {
    expect(serviceOfDepartment(heze, 'DEPARTMENT_HEALTH')).toBe('health-insurance');
    expect(serviceOfDepartment(heze, 'DEPARTMENT_MEDICAL_INSURANCE')).toBe('health-insurance');
    expect(serviceOfDepartment(heze, 'DEPARTMENT_COURT')).toBeUndefined();
    expect(serviceOfDepartment(heze, 'DEPARTMENT_CIVIL_AFFAIRS')).toBeUndefined();
  });

  it('difficulty types by code', () => {
    expect(difficultyName(heze, 'family-hardship')).toBe('家庭生活困难');
    expect(difficultyName(heze, 'unknown')).toBe('unknown');
  });
});
