import { Metadata } from '@grpc/grpc-js';
import { DomainError } from '@care/errors';
import {
  actorFromHttpRequest,
  actorFromMetadata,
  actorMetadata,
  recordAuthentication,
} from './current-actor';

describe('actor from transports', () => {
  it('reads gRPC metadata with the same keys as the HTTP headers', () => {
    const metadata = new Metadata();
    metadata.set('x-user-id', 'svc-education');
    metadata.set('x-role', 'department-officer');
    metadata.set('x-department', 'DEPARTMENT_EDUCATION_SPORTS');
    metadata.set('x-county-codes', '371702,371721');
    expect(actorFromMetadata(metadata)).toEqual({
      userId: 'svc-education',
      role: 'department-officer',
      department: 'DEPARTMENT_EDUCATION_SPORTS',
      countyCodes: ['371702', '371721'],
    });
  });

  it('actorMetadata writes what actorFromMetadata reads (a service calling for its user)', () => {
    const actor = {
      userId: 'svc-welfare',
      role: 'department-officer' as const,
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: ['371702', '371728'],
    };
    expect(actorFromMetadata(actorMetadata(actor))).toEqual(actor);
  });

  it('forwards the access token an actor came from, instead of identity headers (a call made for a signed-in person)', () => {
    const incoming = new Metadata();
    const actor = Object.freeze({
      userId: 'mz-officer',
      role: 'civil-affairs-officer' as const,
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: Object.freeze(['371702']),
    });
    recordAuthentication(incoming, actor, 'h.p.s');
    const forwarded = actorMetadata(actorFromMetadata(incoming));
    expect(forwarded.get('authorization')).toEqual(['Bearer h.p.s']);
    expect(forwarded.get('x-user-id')).toEqual([]);
    // An equal actor that came from no token still travels as the stand-in headers.
    expect(actorMetadata({ ...actor }).get('authorization')).toEqual([]);
  });

  it('refuses a call that carried no metadata at all as unauthenticated', () => {
    expect(() => actorFromMetadata(undefined)).toThrow(
      expect.objectContaining({ code: 'unauthenticated', message: '缺少调用方身份信息（gRPC metadata）' }),
    );
  });

  it('refuses gRPC metadata without a role as unauthenticated', () => {
    const metadata = new Metadata();
    metadata.set('x-user-id', 'u1');
    const error = (() => {
      try {
        actorFromMetadata(metadata);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('unauthenticated');
  });

  it('parses an HTTP request once and caches the actor on it', () => {
    const request: { headers: Record<string, string>; actor?: unknown } = {
      headers: {
        'x-user-id': 'u1',
        'x-role': 'auditor',
        'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
        'x-county-codes': '371702',
      },
    };
    const first = actorFromHttpRequest(request as never);
    request.headers['x-role'] = 'civil-affairs-admin';
    expect(actorFromHttpRequest(request as never)).toBe(first);
    expect(first.role).toBe('auditor');
  });
});
