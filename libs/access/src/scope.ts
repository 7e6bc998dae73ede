import { permissionDenied } from '@care/errors';
import type { Actor } from './actor';

// County coverage: which records an actor may touch. Every check is an exact match on the
// 6-digit code (no prefixes, no wildcards), so `371700` (a city) covers the city's own
// resources and never its counties' records.

/** True when the code is among the actor's codes. */
export function actorCoversCounty(actor: Actor, countyCode: string): boolean {
  return actor.countyCodes.includes(countyCode);
}

/** Throws permission-denied (Chinese, naming the county) unless the county is the actor's. */
export function assertCountyInScope(actor: Actor, countyCode: string): void {
  if (!actorCoversCounty(actor, countyCode)) {
    throw permissionDenied(`无权访问区县 ${countyCode} 的数据：不在本人负责的区县范围内`, { countyCode });
  }
}

/**
 * The counties a query may read: the one requested (refused when it is not the actor's), or
 * every county of the actor when none was named. Use it for lists and reports so that
 * "no county given" means "mine", never "all".
 */
export function countiesInScope(actor: Actor, requested?: string): readonly string[] {
  if (requested === undefined || requested === '') return actor.countyCodes;
  assertCountyInScope(actor, requested);
  return [requested];
}
