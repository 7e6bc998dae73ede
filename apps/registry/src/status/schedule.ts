import { addDays, shanghaiDate, type LocalDate } from '@care/child-rules';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // China has no daylight saving time

/** The next instant at `hhmm` (Asia/Shanghai wall clock) strictly after `now`, and the Shanghai date it falls on. */
export function nextRunAt(now: Date, hhmm: string): { at: Date; date: LocalDate } {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(hhmm);
  if (!m) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  let date = shanghaiDate(now);
  for (;;) {
    const at = new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS + minutes * 60_000);
    if (at.getTime() > now.getTime()) return { at, date };
    date = addDays(date, 1);
  }
}
