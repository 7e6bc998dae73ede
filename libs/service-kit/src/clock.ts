import { Global, Inject, Module, type DynamicModule } from '@nestjs/common';

/**
 * A service's notion of "now", injected so tests can move the calendar. "Today" is the date in
 * Asia/Shanghai of `now()` (`today(clock)` in @care/child-rules).
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol.for('care.clock');
export const InjectClock = (): PropertyDecorator & ParameterDecorator => Inject(CLOCK);

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets: `clock.set('2026-03-01')` makes "today" that date in Shanghai (at noon). */
export class SettableClock implements Clock {
  private instant: Date;
  constructor(initial: Date | string = new Date()) {
    this.instant = SettableClock.toInstant(initial);
  }
  now(): Date {
    return new Date(this.instant.getTime());
  }
  /** A Date, or a `YYYY-MM-DD` calendar date (noon in Shanghai). */
  set(at: Date | string): void {
    this.instant = SettableClock.toInstant(at);
  }
  private static toInstant(at: Date | string): Date {
    return typeof at === 'string' ? new Date(`${at}T12:00:00+08:00`) : new Date(at.getTime());
  }
}

/** Provides CLOCK to the whole app. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: ClockModule,
      global: true,
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [CLOCK],
    };
  }
}
