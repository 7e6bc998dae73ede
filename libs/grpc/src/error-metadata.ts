import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { DomainError, isErrorCode, unavailable } from '@care/errors';
import { errorCodeForGrpcStatus } from './status-mapping';

// Trailers that carry a DomainError's structure across gRPC. ASCII metadata values cannot hold
// Chinese text, so the rule travels in a `-bin` (UTF-8 bytes) key; the message is the status
// details, which gRPC percent-encodes itself.
export const ERROR_CODE_KEY = 'x-error-code';
export const ERROR_FIELD_KEY = 'x-error-field-bin';
export const ERROR_RULE_KEY = 'x-error-rule-bin';

export function domainErrorTrailers(error: DomainError): Metadata {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, error.code);
  if (error.field !== undefined) metadata.set(ERROR_FIELD_KEY, Buffer.from(error.field, 'utf8'));
  if (error.rule !== undefined) metadata.set(ERROR_RULE_KEY, Buffer.from(error.rule, 'utf8'));
  return metadata;
}

function readText(metadata: Metadata | undefined, key: string): string | undefined {
  const value = metadata?.get(key)[0];
  if (value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : value;
}

/**
 * Turns a failed call into the DomainError the remote service threw, so a caller can rethrow it
 * (or branch on `code`). Faults (INTERNAL, UNKNOWN, ...) and a server not reached (UNAVAILABLE,
 * DEADLINE_EXCEEDED without the platform's trailers) become `unavailable(dependency)`.
 */
export function domainErrorFromGrpc(error: ServiceError, dependency: string): DomainError {
  const sentCode = readText(error.metadata, ERROR_CODE_KEY);
  const code = isErrorCode(sentCode) ? sentCode : errorCodeForGrpcStatus(error.code);
  // A fault, or the call never reached a platform server (refused connection, deadline): the
  // transport's English text is no message for a user; they are told the dependency is down.
  if (code === undefined || (code === 'unavailable' && sentCode === undefined))
    return unavailable(dependency, error);
  return new DomainError(code, error.details, {
    field: readText(error.metadata, ERROR_FIELD_KEY),
    rule: readText(error.metadata, ERROR_RULE_KEY),
    details: { dependency },
    cause: error,
  });
}

export function isServiceError(value: unknown): value is ServiceError {
  return (
    value instanceof Error && typeof (value as Partial<ServiceError>).code === 'number' && 'metadata' in value
  );
}
