import type { EventType } from '@care/contracts';
import type { RecordHeaders } from './broker';
import { PoisonMessageError } from './failure';

/** An event as a handler receives it: the decoded message and its envelope's facts. */
export interface ConsumedEvent<T> {
  readonly eventId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The partition key: the child's id ('' for a record without key). */
  readonly key: string;
  readonly producer: string;
  readonly occurredAt: string;
  readonly schemaVersion: number;
  readonly headers: RecordHeaders;
  readonly message: T;
}

export interface HandlerContext {
  /** 1 on the first delivery to the handler, then 2, 3… on retries. */
  readonly attempt: number;
  /**
   * Keeps the group membership alive. The runner already heartbeats between messages and on a
   * timer while a handler runs; a handler calls this only to fail fast when the group rebalanced.
   */
  heartbeat(): Promise<void>;
}

export type EventHandler<T> = (event: ConsumedEvent<T>, ctx: HandlerContext) => Promise<void>;

export type EventFacts = Omit<ConsumedEvent<never>, 'message'>;

/** A handler bound to its event type, with the type erased so one consumer holds many. */
export interface Subscription {
  readonly topic: string;
  readonly schemaVersion: number;
  /** Decodes the value (throwing PoisonMessageError when it cannot) and returns the bound handler call. */
  decode(value: Buffer): (facts: EventFacts, ctx: HandlerContext) => Promise<void>;
}

/** `handle(RegistryEvents.childRegistered, async (event) => …)`: the handler gets `event.message` typed. */
export function handle<T>(type: EventType<T>, handler: EventHandler<T>): Subscription {
  return {
    topic: type.topic,
    schemaVersion: type.schemaVersion,
    decode(value) {
      let message: T;
      try {
        message = type.codec.decode(value);
      } catch (error) {
        throw new PoisonMessageError('decode', `cannot decode ${type.topic}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      return (facts, ctx) => handler({ ...facts, message }, ctx);
    },
  };
}
