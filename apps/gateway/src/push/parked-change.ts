import type { ChildChange } from './push.service';

/**
 * What is still to be applied for a child whose registry could not be read: the newest facts
 * version and the newest key-care event seen. Later changes of the child merge into it, so the
 * child's order holds (nothing of the child is pushed while an earlier change waits), and one
 * read of the registry then pushes the child as it is.
 */
export interface ParkedChange {
  readonly factsVersion: number | null;
  readonly keyCare: { readonly open: boolean; readonly at: string } | null;
}

export const NOTHING_PARKED: ParkedChange = { factsVersion: null, keyCare: null };

/** The parked change with one more change of the same child merged in (newest wins). */
export function mergeChange(parked: ParkedChange, change: ChildChange): ParkedChange {
  if (change.kind === 'facts')
    return {
      ...parked,
      factsVersion: Math.max(parked.factsVersion ?? change.factsVersion, change.factsVersion),
    };
  const newer = parked.keyCare === null || change.at > parked.keyCare.at;
  return newer ? { ...parked, keyCare: { open: change.open, at: change.at } } : parked;
}

/** A single change as a parked one (what `apply` takes). */
export function parkedOf(change: ChildChange): ParkedChange {
  return mergeChange(NOTHING_PARKED, change);
}
