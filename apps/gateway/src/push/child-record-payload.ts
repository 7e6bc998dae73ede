import {
  selectFields,
  type ExchangeRecord,
  type FieldSelection,
  type SharedRecord,
} from '@care/exchange-rules';

/**
 * What a push message carries: the child's sequence number, the ID number (the hukou city looks
 * the child up in its registry by it; it travels only inside the signed envelope over mutual TLS,
 * and is checked against the record's index) and the record.
 */
export interface ChildRecordPayload<R extends SharedRecord = SharedRecord> {
  readonly seq: number;
  readonly idNumber: string;
  readonly record: R;
}

/** What the outbox keeps (sealed): this city's full record of its own child. */
export type StoredChildRecordPayload = ChildRecordPayload<ExchangeRecord>;

/**
 * The message as it leaves for a partner: the record narrowed to the pair's agreement in force at
 * sending (目的限定). Narrowed when sent, not when written, so a message still pending when the
 * agreement changes goes out under the new one instead of being refused by the partner forever.
 */
export function payloadFor(stored: StoredChildRecordPayload, fields: FieldSelection): ChildRecordPayload {
  return { seq: stored.seq, idNumber: stored.idNumber, record: selectFields(stored.record, fields) };
}
