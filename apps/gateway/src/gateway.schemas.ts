import { Schema } from 'mongoose';
import { outboxFields, type WithOutbox } from '@care/events';
import type { Difference } from '@care/exchange-rules';
import type { Receipt, ReceiptOutcome } from './exchange/envelope';

// The gateway's collections. Personal values (the record pushed or received) are sealed
// (SM4 + HMAC-SM3, service-kit FieldSealer); what stays in clear is ids, codes, hashes, states
// and masked differences. Every document is written by an insert with a deterministic _id or a
// replace conditioned on a version the writer read (FerretDB v1, ADR 0004).

/** Residence side: the push state of a child whose hukou city is a partner. */
export interface ExchangeChildDocument {
  _id: string; // childId
  peerCity: string;
  /** Sequence of the last message written for this child (1, 2, ...). */
  seq: number;
  /** The registry's facts version last pushed. */
  factsVersion: number;
  keyCare: boolean;
  /** Instant of the newest key-care event applied (older ones are ignored). */
  keyCareAt: string;
  updatedAt: Date;
}

/**
 * Residence side: a child's change that could not be applied because the registry could not be
 * read (down, slow, refusing): kept here, retried with backoff, never dead-lettered (a lost push).
 */
export interface ParkedChangeDocument {
  _id: string; // childId
  factsVersion: number | null;
  keyCare: { open: boolean; at: string } | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string;
  parkedAt: Date;
  /** Written conditionally on the value read (the consumer merges, the retry pass applies). */
  rev: number;
}

/**
 * Residence side: the outbox of messages to partner cities (报文发件箱). Its events
 * (gateway.push.sent/receipted.v1, keyed by county) ride in the embedded event outbox of the
 * same document, written with the message and with its receipt.
 */
export interface OutgoingMessageDocument extends WithOutbox {
  _id: string; // messageId `<city>.<childId>.<seq>`
  peerCity: string;
  childId: string;
  /** The child's residence county when the message was written (the events' key). */
  countyCode: string;
  seq: number;
  kind: 'child-record';
  /** The payload, sealed. */
  payload: string;
  status: 'pending' | 'receipted';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  receipt: Receipt<PushResult> | null;
  receiptedAt: Date | null;
}

/** What a hukou city answers a pushed record with (in the signed receipt): masked differences only. */
export interface PushResult {
  readonly matched: boolean;
  readonly differences: readonly Difference[];
}

/** Receiver side: one transmission seen (`<senderCity>:<nonce>`): a second one is a replay. */
export interface SeenTransmissionDocument {
  _id: string;
  at: Date;
}

/** Receiver side: a message received once (`<senderCity>:<messageId>`), and how it was answered. */
export interface IncomingMessageDocument {
  _id: string;
  senderCity: string;
  messageId: string;
  childRef: string;
  seq: number;
  payload: string; // sealed
  receivedAt: Date;
  outcome: ReceiptOutcome | null;
  result: PushResult | null;
}

/** Receiver side: the newest record a partner pushed for a child (`<senderCity>:<childRef>`). */
export interface ReceivedChildDocument {
  _id: string;
  senderCity: string;
  childRef: string;
  seq: number;
  idNumberIndex: string;
  record: string; // sealed ExchangeRecord
  localChildId: string | null;
  localCountyCode: string | null;
  /** The child's hukou county here (where differences about the child are routed). */
  hukouCountyCode: string;
  differences: Difference[];
  version: number;
  updatedAt: Date;
}

export type ComparisonTaskStatus = 'open' | 'resolved';
export type ComparisonResolution =
  'ours-correct' | 'theirs-correct' | 'corrected' | 'no-action' | 'superseded';

/**
 * 比对差异任务: one difference routed to the county office responsible, with a deadline. Each write
 * carries its gateway.comparison-task.changed.v1 event in the embedded outbox (keyed by county).
 */
export interface ComparisonTaskDocument extends WithOutbox {
  _id: string; // `<senderCity>:<childRef>:<kind>:<field>`
  peerCity: string;
  childRef: string;
  localChildId: string | null;
  countyCode: string;
  difference: Difference;
  status: ComparisonTaskStatus;
  openedAt: Date;
  dueOn: string;
  resolution: ComparisonResolution | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  version: number;
}

const any = Schema.Types.Mixed;

export const COMPARISON_TASKS = 'ComparisonTask';
export const EXCHANGE_CHILDREN = 'ExchangeChild';
export const OUTGOING_MESSAGES = 'OutgoingMessage';
export const PARKED_CHANGES = 'ParkedChange';

export const COLLECTIONS = {
  exchangeChildren: 'exchange_children',
  parked: 'parked_changes',
  outgoing: 'outgoing_messages',
  seen: 'seen_transmissions',
  incoming: 'incoming_messages',
  received: 'received_children',
  tasks: 'comparison_tasks',
  messageLog: 'message_log',
  localRecords: 'local_records',
  reconciliations: 'reconciliations',
  reconciliationDifferences: 'reconciliation_differences',
} as const;

export const exchangeChildSchema = new Schema<ExchangeChildDocument>(
  {
    _id: String,
    peerCity: String,
    seq: Number,
    factsVersion: Number,
    keyCare: Boolean,
    keyCareAt: String,
    updatedAt: Date,
  },
  { versionKey: false },
);

export const parkedChangeSchema = new Schema<ParkedChangeDocument>(
  {
    _id: String,
    factsVersion: Number,
    keyCare: any,
    attempts: Number,
    nextAttemptAt: Date,
    lastError: String,
    parkedAt: Date,
    rev: Number,
  },
  { versionKey: false },
);

export const outgoingMessageSchema = new Schema<OutgoingMessageDocument>(
  {
    _id: String,
    peerCity: String,
    childId: String,
    countyCode: String,
    seq: Number,
    kind: String,
    payload: String,
    status: String,
    attempts: Number,
    nextAttemptAt: Date,
    lastError: { type: String, default: null },
    createdAt: Date,
    receipt: { type: any, default: null },
    receiptedAt: { type: Date, default: null },
    ...outboxFields,
  },
  { versionKey: false, minimize: false },
);
outgoingMessageSchema.index({ status: 1, createdAt: 1 });

export const seenTransmissionSchema = new Schema<SeenTransmissionDocument>(
  { _id: String, at: Date },
  { versionKey: false },
);
seenTransmissionSchema.index({ at: 1 }); // SeenTransmissionsPruner deletes by age

export const incomingMessageSchema = new Schema<IncomingMessageDocument>(
  {
    _id: String,
    senderCity: String,
    messageId: String,
    childRef: String,
    seq: Number,
    payload: String,
    receivedAt: Date,
    outcome: { type: String, default: null },
    result: { type: any, default: null },
  },
  { versionKey: false, minimize: false },
);

export const receivedChildSchema = new Schema<ReceivedChildDocument>(
  {
    _id: String,
    senderCity: String,
    childRef: String,
    seq: Number,
    idNumberIndex: String,
    record: String,
    localChildId: { type: String, default: null },
    localCountyCode: { type: String, default: null },
    hukouCountyCode: String,
    differences: { type: any, default: [] },
    version: Number,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);
receivedChildSchema.index({ senderCity: 1, idNumberIndex: 1 });

export const comparisonTaskSchema = new Schema<ComparisonTaskDocument>(
  {
    _id: String,
    peerCity: String,
    childRef: String,
    localChildId: { type: String, default: null },
    countyCode: String,
    difference: any,
    status: String,
    openedAt: Date,
    dueOn: String,
    resolution: { type: String, default: null },
    resolvedBy: { type: String, default: null },
    resolvedAt: { type: Date, default: null },
    version: Number,
    ...outboxFields,
  },
  { versionKey: false, minimize: false },
);
comparisonTaskSchema.index({ countyCode: 1, status: 1, dueOn: 1 });
