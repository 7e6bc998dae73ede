import { joinPathFragments } from '@nx/devkit';

/**
 * Templates every service generator writes the same way (project.json with its tags and
 * targets, instrument.ts); each generator adds its own files beside them.
 */
export const SHARED_FILES = joinPathFragments(__dirname, 'shared-files');

/** `health-insurance` -> `HealthInsurance`. */
export function className(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _dash: string, letter: string) => letter.toUpperCase());
}
