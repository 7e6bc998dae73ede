import { ApiError, apiPath, errorFromResponse, fileNameOf } from './api';

describe('api', () => {
  it('carries the API message, code and field', () => {
    const e = errorFromResponse(400, { code: 'VALIDATION', message: 'code 须为6位数字', field: 'code' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, message: 'code 须为6位数字', code: 'VALIDATION', field: 'code' });
  });

  it('joins a list of messages and falls back when there is none', () => {
    expect(errorFromResponse(400, { message: ['甲有误', '乙有误'] }).message).toBe('甲有误；乙有误');
    expect(errorFromResponse(502, null).message).toBe('请求失败（HTTP 502）');
    expect(errorFromResponse(500, { message: '' }).message).toBe('请求失败（HTTP 500）');
    expect(errorFromResponse(0, null).message).toBe('无法连接服务');
  });

  it('builds one-origin paths with the query, leaving out empty values', () => {
    expect(
      apiPath('registry', '/v1/children', { countyCode: '371702', cursor: undefined, pageSize: '' }),
    ).toBe('/api/registry/v1/children?countyCode=371702');
    expect(apiPath('auth', '/v1/auth/sign-in')).toBe('/api/auth/v1/auth/sign-in');
    expect(apiPath('registry', '/v1/children/c1', { reveal: 'name,idNumber', purpose: '核对 户籍' })).toBe(
      '/api/registry/v1/children/c1?reveal=name%2CidNumber&purpose=%E6%A0%B8%E5%AF%B9+%E6%88%B7%E7%B1%8D',
    );
    expect(() => apiPath('registry', '/children')).toThrow('/v1/');
  });
});

describe('fileNameOf (Content-Disposition)', () => {
  it.each([
    [
      'the UTF-8 name first',
      `attachment; filename="key-care-371702.xlsx"; filename*=UTF-8''${encodeURIComponent('重点关爱服务对象信息台账-371702.xlsx')}`,
      '重点关爱服务对象信息台账-371702.xlsx',
    ],
    ['a quoted plain name', 'attachment; filename="import-01J-errors.xlsx"', 'import-01J-errors.xlsx'],
    ['an unquoted plain name', 'attachment; filename=report.xlsx', 'report.xlsx'],
    [
      'a broken UTF-8 name falls back to the plain one',
      `attachment; filename="a.xlsx"; filename*=UTF-8''%E0%A4%A`,
      'a.xlsx',
    ],
    ['no name', 'attachment', undefined],
    ['an empty name', 'attachment; filename=""', undefined],
    ['no header', null, undefined],
  ])('%s', (_why, header, name) => expect(fileNameOf(header)).toBe(name));
});
