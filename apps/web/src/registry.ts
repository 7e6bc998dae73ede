// What the registry workspace shows of a child (apps/registry ChildView; the API masks the
// personal fields unless revealed with a purpose, and audits every reveal).

export interface ChildRow {
  readonly childId: string;
  readonly version: number;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly name: string;
  readonly idNumber: string;
  readonly sex: string;
  readonly birthDate: string;
  readonly missingIdNumber: boolean;
  readonly masked: boolean;
  readonly revealed: readonly string[];
  readonly isStale: boolean;
  readonly determination: { readonly isMigrant: boolean; readonly reasonTexts: readonly string[] };
}

export interface ChildPage {
  readonly items: ChildRow[];
  readonly nextCursor?: string;
}

/**
 * The fields the workspace asks to reveal for a role — the registry's table (src/auth/permissions.ts):
 * civil affairs may see name and ID number; a child director the name only; others nothing.
 */
export function revealFieldsFor(role: string): ('name' | 'idNumber')[] {
  switch (role) {
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
      return ['name', 'idNumber'];
    case 'child-director':
      return ['name'];
    default:
      return [];
  }
}

export const SEX_LABELS: Readonly<Record<string, string>> = { male: '男', female: '女' };

/** The Attachment 1 import and the ledger export: civil-affairs admin and officer (ImportController, KeyCareController). */
export function canImport(role: string): boolean {
  return role === 'civil-affairs-admin' || role === 'civil-affairs-officer';
}

export const canExportLedger = canImport;
