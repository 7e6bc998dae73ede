import { addDays, daysBetween, type LocalDate } from '@care/child-rules';

/**
 * The dates of a fixed span, precomputed once with @care/child-rules' addDays, so the generator
 * can draw dates as integer day numbers and a million children cost no date parsing.
 */
export class DayTable {
  private readonly dates: LocalDate[];

  constructor(
    readonly first: LocalDate,
    readonly last: LocalDate,
  ) {
    const length = daysBetween(first, last) + 1;
    this.dates = new Array<LocalDate>(length);
    let date = first;
    for (let i = 0; i < length; i++) {
      this.dates[i] = date;
      date = addDays(date, 1);
    }
  }

  get lastDay(): number {
    return this.dates.length - 1;
  }

  date(day: number): LocalDate {
    const date = this.dates[day];
    if (date === undefined) throw new RangeError(`day ${day} is outside ${this.first}..${this.last}`);
    return date;
  }

  /** The day number of a date inside the span. */
  day(date: LocalDate): number {
    return daysBetween(this.first, date);
  }
}
