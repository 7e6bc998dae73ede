import { status as GrpcStatus } from '@grpc/grpc-js';
import { assertNever, type ErrorCode } from '@care/errors';

// The ONE place where domain error codes meet transport statuses. Both switches are exhaustive:
// adding a code to @care/errors fails the build here until it has a status on both transports.

export function grpcStatusFor(code: ErrorCode): GrpcStatus {
  switch (code) {
    case 'not-found':
      return GrpcStatus.NOT_FOUND;
    case 'invalid-argument':
      return GrpcStatus.INVALID_ARGUMENT;
    case 'already-exists':
      return GrpcStatus.ALREADY_EXISTS;
    case 'failed-precondition':
      return GrpcStatus.FAILED_PRECONDITION;
    case 'permission-denied':
      return GrpcStatus.PERMISSION_DENIED;
    case 'unauthenticated':
      return GrpcStatus.UNAUTHENTICATED;
    case 'conflict':
      // gRPC's name for a lost concurrency race; the client may retry the whole read-modify-write.
      return GrpcStatus.ABORTED;
    case 'unavailable':
      return GrpcStatus.UNAVAILABLE;
    default:
      return assertNever(code, 'error code');
  }
}

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'not-found':
      return 404;
    case 'invalid-argument':
      return 400;
    case 'already-exists':
      return 409;
    case 'failed-precondition':
      // RFC 9110 409: "conflict with the current state of the target resource" (e.g. list not published).
      return 409;
    case 'permission-denied':
      return 403;
    case 'unauthenticated':
      return 401;
    case 'conflict':
      return 409;
    case 'unavailable':
      return 503;
    default:
      return assertNever(code, 'error code');
  }
}

/**
 * A remote service's status back to a domain code, for callers that want to rethrow what a
 * dependency said (a registry NOT_FOUND is a not-found here too). `undefined` for statuses that
 * mean a fault rather than an answer (INTERNAL, UNKNOWN, ...): the caller treats those as unavailable.
 */
export function errorCodeForGrpcStatus(code: GrpcStatus): ErrorCode | undefined {
  switch (code) {
    case GrpcStatus.NOT_FOUND:
      return 'not-found';
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.OUT_OF_RANGE:
      return 'invalid-argument';
    case GrpcStatus.ALREADY_EXISTS:
      return 'already-exists';
    case GrpcStatus.FAILED_PRECONDITION:
      return 'failed-precondition';
    case GrpcStatus.PERMISSION_DENIED:
      return 'permission-denied';
    case GrpcStatus.UNAUTHENTICATED:
      return 'unauthenticated';
    case GrpcStatus.ABORTED:
      return 'conflict';
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 'unavailable';
    case GrpcStatus.OK:
    case GrpcStatus.CANCELLED:
    case GrpcStatus.UNKNOWN:
    case GrpcStatus.UNIMPLEMENTED:
    case GrpcStatus.INTERNAL:
    case GrpcStatus.DATA_LOSS:
      return undefined;
    default:
      return assertNever(code, 'gRPC status');
  }
}

/** For HttpExceptions Nest itself raises (unknown route, body too large) that reach a gRPC call or need a code. */
export function errorCodeForHttpStatus(httpStatus: number): ErrorCode | undefined {
  if (httpStatus === 400 || httpStatus === 413 || httpStatus === 422) return 'invalid-argument';
  if (httpStatus === 401) return 'unauthenticated';
  if (httpStatus === 403) return 'permission-denied';
  if (httpStatus === 404) return 'not-found';
  if (httpStatus === 409) return 'conflict';
  if (httpStatus === 412) return 'failed-precondition';
  if (httpStatus === 429 || httpStatus === 503) return 'unavailable';
  return undefined;
}
