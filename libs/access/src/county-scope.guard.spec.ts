import { Metadata } from '@grpc/grpc-js';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@care/errors';
import { CountyFields, CountyScopeGuard, RequirePermission, RequireRoles } from './county-scope.guard';
import { definePermissions } from './permission-table';

const lists = definePermissions(
  { edit: '编辑服务清单' },
  {
    'civil-affairs-admin': ['edit'],
    'civil-affairs-officer': [],
    'child-director': [],
    'department-officer': [],
    auditor: [],
  },
);

@RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
class Handlers {
  byClass(): void {}
  @RequireRoles('auditor')
  auditorOnly(): void {}
  @RequirePermission(lists, 'edit')
  @CountyFields('divisionCode')
  editList(): void {}
}

const headers = (role: string, counties = '371702') => ({
  'x-user-id': 'u1',
  'x-role': role,
  'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
  'x-county-codes': counties,
});

function http(
  handler: keyof Handlers,
  request: { headers: Record<string, string>; params?: unknown; query?: unknown; body?: unknown },
): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function rpc(handler: keyof Handlers, metadata: Metadata, data: unknown): ExecutionContext {
  return {
    getType: () => 'rpc',
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    switchToRpc: () => ({ getContext: () => metadata, getData: () => data }),
  } as unknown as ExecutionContext;
}

const guard = new CountyScopeGuard(new Reflector());

function refusal(context: ExecutionContext): DomainError {
  try {
    guard.canActivate(context);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('CountyScopeGuard', () => {
  it('refuses a request without identity headers as unauthenticated', () => {
    const error = refusal(http('byClass', { headers: {} }));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toContain('x-user-id');
  });

  it('admits the roles of the controller, and the handler rule overrides it', () => {
    expect(guard.canActivate(http('byClass', { headers: headers('civil-affairs-officer') }))).toBe(true);
    expect(refusal(http('byClass', { headers: headers('auditor') })).message).toBe(
      '当前角色（审计员）无权执行此操作，需要：民政局管理员、民政工作人员',
    );
    expect(guard.canActivate(http('auditorOnly', { headers: headers('auditor') }))).toBe(true);
    expect(refusal(http('auditorOnly', { headers: headers('civil-affairs-admin') })).code).toBe(
      'permission-denied',
    );
  });

  it('names the action of a permission table in the refusal', () => {
    const error = refusal(
      http('editList', { headers: headers('civil-affairs-officer'), params: { divisionCode: '371702' } }),
    );
    expect(error.code).toBe('permission-denied');
    expect(error.message).toBe('当前角色（民政工作人员）无权编辑服务清单，需要：民政局管理员');
  });

  it('checks countyCode / county_code in params, query and body by default', () => {
    const ok = { headers: headers('civil-affairs-admin', '371702,371703') };
    expect(guard.canActivate(http('byClass', { ...ok, query: { countyCode: '371703' } }))).toBe(true);
    const error = refusal(http('byClass', { ...ok, body: { county_code: '371721' } }));
    expect(error.code).toBe('permission-denied');
    expect(error.message).toContain('371721');
    // Not a county field by default.
    expect(guard.canActivate(http('byClass', { ...ok, params: { divisionCode: '371721' } }))).toBe(true);
    expect(refusal(http('byClass', { ...ok, query: { countyCode: ['371702'] } })).code).toBe(
      'invalid-argument',
    );
  });

  it('checks the fields @CountyFields names instead', () => {
    const admin = headers('civil-affairs-admin', '371702');
    expect(guard.canActivate(http('editList', { headers: admin, params: { divisionCode: '371702' } }))).toBe(
      true,
    );
    expect(refusal(http('editList', { headers: admin, params: { divisionCode: '371700' } })).message).toBe(
      '无权访问区县 371700 的数据：不在本人负责的区县范围内',
    );
    const city = headers('civil-affairs-admin', '371700');
    expect(guard.canActivate(http('editList', { headers: city, params: { divisionCode: '371700' } }))).toBe(
      true,
    );
  });

  it('reads gRPC metadata and the request message the same way', () => {
    const metadata = new Metadata();
    for (const [k, v] of Object.entries(headers('civil-affairs-officer'))) metadata.set(k, v);
    expect(guard.canActivate(rpc('byClass', metadata, { county_code: '371702' }))).toBe(true);
    expect(refusal(rpc('byClass', metadata, { countyCode: '371721' })).code).toBe('permission-denied');
    expect(refusal(rpc('byClass', new Metadata(), {})).code).toBe('unauthenticated');
  });
});
