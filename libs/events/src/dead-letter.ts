import type { ConsumedRecord, OutgoingRecord } from './broker';
import { PoisonMessageError, PoisonReason } from './failure';
import { DeadLetterHeader } from './headers';

export type DeadLetterReason = PoisonReason | 'non-retryable' | 'retries-exhausted';

export interface DeadLetterInput {
  readonly groupId: string;
  readonly sourceTopic: string;
  readonly partition: number;
  readonly record: ConsumedRecord;
  readonly error: unknown;
  readonly attempts: number;
  readonly reason: DeadLetterReason;
  readonly failedAt: Date;
}

/** Long enough for a stack-less message and its cause; bounded so a huge error cannot bloat the topic. */
export const MAX_ERROR_HEADER_LENGTH = 1024;

export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `NonError: ${String(error)}`;
  return text.length > MAX_ERROR_HEADER_LENGTH ? `${text.slice(0, MAX_ERROR_HEADER_LENGTH - 1)}…` : text;
}

export function deadLetterReason(error: unknown, attempts: number, maxAttempts: number): DeadLetterReason {
  if (error instanceof PoisonMessageError) return error.reason;
  return attempts >= maxAttempts ? 'retries-exhausted' : 'non-retryable';
}

/**
 * The dead-letter copy of a record: the original key, value and headers untouched (so it can be
 * re-published once the cause is fixed) plus where it came from and why it failed.
 */
export function deadLetterRecord(input: DeadLetterInput): OutgoingRecord {
  return {
    key: input.record.key,
    value: input.record.value,
    headers: {
      ...input.record.headers,
      [DeadLetterHeader.error]: describeError(input.error),
      [DeadLetterHeader.reason]: input.reason,
      [DeadLetterHeader.sourceTopic]: input.sourceTopic,
      [DeadLetterHeader.partition]: String(input.partition),
      [DeadLetterHeader.offset]: input.record.offset,
      [DeadLetterHeader.attempts]: String(input.attempts),
      [DeadLetterHeader.group]: input.groupId,
      [DeadLetterHeader.failedAt]: input.failedAt.toISOString(),
    },
  };
}
