import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import {
  DEFAULT_MESSAGES,
  DomainError,
  INTERNAL_ERROR_MESSAGE,
  type ErrorCode,
  type ErrorDetails,
} from '@care/errors';
import { throwError, type Observable } from 'rxjs';
import { domainErrorTrailers } from './error-metadata';
import { errorCodeForHttpStatus, grpcStatusFor, httpStatusFor } from './status-mapping';

const logger = new Logger('ExceptionFilter');

/** The JSON body of every failed HTTP request. */
export interface HttpErrorBody {
  readonly code: ErrorCode | 'internal';
  readonly message: string;
  readonly field?: string;
  readonly rule?: string;
  readonly details?: ErrorDetails;
}

/** What grpc-js sends for a failed unary call (its `serverErrorToStatus` reads code, details, metadata). */
export interface GrpcErrorPayload {
  readonly code: GrpcStatus;
  readonly message: string;
  readonly details: string;
  readonly metadata: Metadata;
}

/** Any non-domain HttpException (Nest's own 404 for an unknown route, 413, ...) as a DomainError. */
function fromHttpException(exception: HttpException): DomainError | undefined {
  const code = errorCodeForHttpStatus(exception.getStatus());
  return code === undefined ? undefined : new DomainError(code, DEFAULT_MESSAGES[code]);
}

function logFault(exception: unknown): void {
  // Unexpected faults are logged whole (the logger redacts personal data) and never sent out.
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
}

function logDomain(error: DomainError): void {
  // Expected outcomes (a lookup that finds nothing, a bad field) are the caller's business: debug.
  // An unavailable dependency is ours: warn, with the cause for the operator.
  const fields = {
    msg: 'domain error',
    code: error.code,
    field: error.field,
    rule: error.rule,
    message: error.message,
  };
  if (error.code === 'unavailable')
    logger.warn({ ...fields, cause: error.cause instanceof Error ? error.cause.message : undefined });
  else logger.debug(fields);
}

export function toHttpError(exception: unknown): { status: number; body: HttpErrorBody } {
  const domain =
    exception instanceof DomainError
      ? exception
      : exception instanceof HttpException
        ? fromHttpException(exception)
        : undefined;
  if (domain !== undefined) {
    const body: HttpErrorBody = {
      code: domain.code,
      message: domain.message,
      field: domain.field,
      rule: domain.rule,
      details: domain.details,
    };
    return { status: httpStatusFor(domain.code), body };
  }
  return { status: 500, body: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } };
}

export function toGrpcError(exception: unknown): GrpcErrorPayload {
  if (exception instanceof RpcException) {
    // An explicit `new RpcException({ code, message })` is a deliberate status: pass it through.
    const raw = exception.getError();
    if (typeof raw === 'object' && raw !== null && typeof (raw as { code?: unknown }).code === 'number') {
      const { code, message } = raw as { code: GrpcStatus; message?: unknown };
      const text = typeof message === 'string' ? message : INTERNAL_ERROR_MESSAGE;
      return { code, message: text, details: text, metadata: new Metadata() };
    }
  }
  const domain =
    exception instanceof DomainError
      ? exception
      : exception instanceof HttpException
        ? fromHttpException(exception)
        : undefined;
  if (domain !== undefined) {
    return {
      code: grpcStatusFor(domain.code),
      message: domain.message,
      details: domain.message,
      metadata: domainErrorTrailers(domain),
    };
  }
  return {
    code: GrpcStatus.INTERNAL,
    message: INTERNAL_ERROR_MESSAGE,
    details: INTERNAL_ERROR_MESSAGE,
    metadata: new Metadata(),
  };
}

function report(exception: unknown): void {
  if (exception instanceof DomainError) logDomain(exception);
  else if (!(exception instanceof HttpException) || exception.getStatus() >= 500) logFault(exception);
}

/** gRPC side: DomainError -> its status + trailers; anything else -> INTERNAL with a generic message (never UNKNOWN). */
@Catch()
export class GrpcExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    report(exception);
    const payload = toGrpcError(exception);
    return throwError(() => payload);
  }
}

/** HTTP side: DomainError -> its status with `{ code, message, field, rule }`; anything else -> 500. */
@Catch()
export class HttpDomainExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    report(exception);
    const { status, body } = toHttpError(exception);
    const response = host
      .switchToHttp()
      .getResponse<{ headersSent?: boolean; status(code: number): { json(body: unknown): void } }>();
    if (response.headersSent === true) return;
    response.status(status).json(body);
  }
}

/**
 * The filter to register globally. Nest gives a global filter every context of a hybrid app
 * (with `inheritAppConfig: true`) and picks the first catch-all, so one filter dispatches on
 * the context rather than two catch-alls competing.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly grpc = new GrpcExceptionFilter();
  private readonly http = new HttpDomainExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    const type = host.getType<'http' | 'rpc' | 'ws'>();
    if (type === 'rpc') return this.grpc.catch(exception, host);
    if (type === 'http') return this.http.catch(exception, host);
    report(exception);
    throw exception;
  }
}
