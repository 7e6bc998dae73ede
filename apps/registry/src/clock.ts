import { Inject } from '@nestjs/common';
import { shanghaiDate, type LocalDate } from '@care/child-rules';

/**
 * The registry's notion of "now", injected so tests can run the daily recomputation for a
 * chosen date. "Today" is always the calendar date in Asia/Shanghai (shanghaiDate).
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol.for('care.registry.clock');
export const InjectClock = (): PropertyDecorator & ParameterDecorator => Inject(CLOCK);

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test can set: `clock.set('2026-03-01')` makes "today" that date in Shanghai (at noon). */
export class SettableClock implements Clock {
  private instant: Date;
  constructor(initial: Date | LocalDate = new Date()) {
    this.instant = SettableClock.toInstant(initial);
  }
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(at: Date | LocalDate): void {
    this.instant = SettableClock.toInstant(at);
  }
  private static toInstant(at: Date | LocalDate): Date {
    return typeof at === 'string' ? new Date(`${at}T12:00:00+08:00`) : new Date(at.getTime());
  }
}

export function today(clock: Clock): LocalDate {
  return shanghaiDate(clock.now());
}
