import { Metadata, status } from '@grpc/grpc-js';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import {
  DomainError,
  ERROR_CODES,
  INTERNAL_ERROR_MESSAGE,
  invalidArgument,
  notFound,
  unavailable,
  type ErrorCode,
} from '@care/errors';
import { domainErrorFromGrpc, ERROR_CODE_KEY, ERROR_FIELD_KEY, ERROR_RULE_KEY } from './error-metadata';
import { toGrpcError, toHttpError } from './exception-filters';
import {
  errorCodeForGrpcStatus,
  errorCodeForHttpStatus,
  grpcStatusFor,
  httpStatusFor,
} from './status-mapping';

// One row per code: [code, gRPC status, HTTP status, why].
const TABLE: Array<[ErrorCode, status, number, string]> = [
  ['not-found', status.NOT_FOUND, 404, 'the child / list / entry does not exist'],
  ['invalid-argument', status.INVALID_ARGUMENT, 400, 'a field broke a rule; the caller must fix the input'],
  ['already-exists', status.ALREADY_EXISTS, 409, 'a unique key (ID number) is taken'],
  [
    'failed-precondition',
    status.FAILED_PRECONDITION,
    409,
    'state forbids it (list not published): retrying the same call will not help',
  ],
  ['permission-denied', status.PERMISSION_DENIED, 403, 'authenticated but not allowed (another county)'],
  ['unauthenticated', status.UNAUTHENTICATED, 401, 'no or expired credentials'],
  ['conflict', status.ABORTED, 409, 'lost a concurrent-write race; retry the read-modify-write'],
  ['unavailable', status.UNAVAILABLE, 503, 'a dependency is down; retry later'],
];

describe('status mapping', () => {
  it('covers every error code exactly once', () => {
    expect(TABLE.map(([code]) => code).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each(TABLE)('%s -> gRPC %s, HTTP %s (%s)', (code, grpc, http) => {
    expect(grpcStatusFor(code)).toBe(grpc);
    expect(httpStatusFor(code)).toBe(http);
    // and back again, so a caller can rethrow what a dependency answered
    expect(errorCodeForGrpcStatus(grpc)).toBe(code);
  });

  it.each([
    [status.INTERNAL, 'a remote fault is not an answer'],
    [status.UNKNOWN, 'an unmapped remote error'],
    [status.UNIMPLEMENTED, 'version skew'],
    [status.CANCELLED, 'the caller gave up'],
  ])('gRPC %s maps to no domain code (%s)', (code) => {
    expect(errorCodeForGrpcStatus(code)).toBeUndefined();
  });

  it.each([
    [400, 'invalid-argument'],
    [401, 'unauthenticated'],
    [403, 'permission-denied'],
    [404, 'not-found'],
    [409, 'conflict'],
    [413, 'invalid-argument'],
    [503, 'unavailable'],
    [500, undefined],
  ])('Nest HttpException %s -> %s', (http, code) => {
    expect(errorCodeForHttpStatus(http)).toBe(code);
  });
});

describe('toHttpError', () => {
  it('renders a DomainError as { code, message, field, rule } with its status', () => {
    expect(toHttpError(invalidArgument('idNumber', 'GB 11643 校验位', '身份证号校验位错误'))).toEqual({
      status: 400,
      body: {
        code: 'invalid-argument',
        message: '身份证号校验位错误',
        field: 'idNumber',
        rule: 'GB 11643 校验位',
        details: {},
      },
    });
  });

  it('renders a plain Error as 500 with a generic message, hiding its text', () => {
    expect(toHttpError(new Error('connection to mongodb://admin:pw@db refused'))).toEqual({
      status: 500,
      body: { code: 'internal', message: INTERNAL_ERROR_MESSAGE },
    });
  });

  it("keeps Nest's own HttpExceptions' statuses, with a Chinese message", () => {
    expect(toHttpError(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      body: { code: 'not-found', message: '请求的资源不存在' },
    });
    expect(toHttpError(new HttpException('teapot', 418))).toMatchObject({
      status: 500,
      body: { code: 'internal' },
    });
  });
});

describe('toGrpcError', () => {
  it('carries the message as status details and field/rule as UTF-8 binary trailers', () => {
    const payload = toGrpcError(
      invalidArgument('guardians[0].phone', '11位手机号', '监护人联系方式须为11位手机号'),
    );
    expect(payload.code).toBe(status.INVALID_ARGUMENT);
    expect(payload.details).toBe('监护人联系方式须为11位手机号');
    expect(payload.metadata.get(ERROR_CODE_KEY)).toEqual(['invalid-argument']);
    expect((payload.metadata.get(ERROR_FIELD_KEY)[0] as Buffer).toString('utf8')).toBe('guardians[0].phone');
    expect((payload.metadata.get(ERROR_RULE_KEY)[0] as Buffer).toString('utf8')).toBe('11位手机号');
  });

  it.each([
    ['a plain Error', new Error('secret')],
    ['a TypeError from a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a thrown string', 'oops'],
    ['a 500 HttpException', new HttpException('db down', 500)],
  ])('%s becomes INTERNAL (never UNKNOWN) with a generic message', (_name, exception) => {
    const payload = toGrpcError(exception);
    expect(payload.code).toBe(status.INTERNAL);
    expect(payload.details).toBe(INTERNAL_ERROR_MESSAGE);
  });

  it('passes an explicit RpcException status through', () => {
    expect(
      toGrpcError(new RpcException({ code: status.RESOURCE_EXHAUSTED, message: '请求过于频繁' })),
    ).toMatchObject({ code: status.RESOURCE_EXHAUSTED, details: '请求过于频繁' });
  });

  it('maps a BadRequestException (e.g. a default ValidationPipe) to INVALID_ARGUMENT', () => {
    expect(toGrpcError(new BadRequestException()).code).toBe(status.INVALID_ARGUMENT);
  });
});

describe('domainErrorFromGrpc', () => {
  function serviceError(code: status, details: string, metadata = new Metadata()) {
    return Object.assign(new Error(details), { code, details, metadata });
  }

  it('rebuilds the DomainError the server sent, trailers included', () => {
    const sent = toGrpcError(notFound('儿童', 'c-1'));
    const rebuilt = domainErrorFromGrpc(serviceError(sent.code, sent.details, sent.metadata), '登记服务');
    expect(rebuilt).toBeInstanceOf(DomainError);
    expect(rebuilt).toMatchObject({
      code: 'not-found',
      message: '儿童不存在：c-1',
      details: { dependency: '登记服务' },
    });
  });

  it('maps a bare status from a non-platform server by its code', () => {
    expect(domainErrorFromGrpc(serviceError(status.PERMISSION_DENIED, 'denied'), 'x').code).toBe(
      'permission-denied',
    );
    expect(domainErrorFromGrpc(serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), 'x').code).toBe(
      'unavailable',
    );
  });

  it('turns a remote fault into unavailable(dependency), keeping the remote text out of the message', () => {
    const error = domainErrorFromGrpc(
      serviceError(status.INTERNAL, 'NullPointer at Foo.java:12'),
      '登记服务',
    );
    expect(error).toMatchObject({ code: 'unavailable', message: unavailable('登记服务').message });
  });

  it.each([
    [status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:50103'],
    [status.DEADLINE_EXCEEDED, 'Deadline exceeded after 3.001s'],
  ])('tells a server not reached (%s) as the dependency being down, in Chinese', (code, details) => {
    const error = domainErrorFromGrpc(serviceError(code, details), '教育服务');
    expect(error).toMatchObject({
      code: 'unavailable',
      message: '教育服务暂时不可用，请稍后重试',
      details: { dependency: '教育服务' },
    });
  });

  it('keeps the message of a platform server that says it is unavailable itself (its own dependency)', () => {
    const sent = toGrpcError(unavailable('数据库'));
    const error = domainErrorFromGrpc(serviceError(sent.code, sent.details, sent.metadata), '教育服务');
    expect(error).toMatchObject({ code: 'unavailable', message: '数据库暂时不可用，请稍后重试' });
  });
});
