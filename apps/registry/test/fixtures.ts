import { makeIdNumber } from '@care/identity';

/** A registration body as the UI sends it; personal values are synthetic. */
export function registrationBody(
  overrides: Record<string, unknown> = {},
  seq = 123,
): Record<string, unknown> {
  return {
    name: '张小明',
    idNumber: makeIdNumber('371721', '2015-03-10', seq),
    hukouDivisionCode: '371721001', // 曹县曹城街道
    hukouAddress: '山东省菏泽市曹县曹城街道幸福村1号',
    residence: {
      divisionCode: '371702001',
      movedInOn: '2024-09-01',
      address: '山东省菏泽市牡丹区东城街道和平路8号',
    }, // 牡丹区东城街道
    accompaniedBy: 'one-parent',
    guardians: [{ name: '张大山', relation: '父亲', phone: '13812345678' }],
    difficultyTypes: ['family-hardship'],
    education: { stage: 'primary', school: '东城第一小学', grade: '四年级', inSchoolLocally: true },
    ...overrides,
  };
}

/** Personal values of registrationBody that must never appear in clear at rest or on the wire. */
export const CLEAR_VALUES = ['张小明', '张大山', '13812345678', '幸福村', '和平路'];
