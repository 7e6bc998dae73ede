import type { DifficultyType, LocalDate } from '@care/child-rules';

/**
 * What the national export needs of a child record, as stored: personal fields still sealed.
 * Declared here (not imported from children/) so the export depends on a shape, not on the
 * registry's storage; ChildRecord satisfies it structurally.
 */
export interface ExportableChild {
  readonly _id: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly personal: {
    readonly name: string;
    readonly idNumber?: string;
    readonly hukouAddress: string;
    readonly residenceAddress: string;
  };
  readonly missingIdNumber: boolean;
  readonly guardians: ReadonlyArray<{
    readonly name: string;
    readonly relation: string;
    readonly phone: string;
  }>;
  readonly birthDate: LocalDate;
  readonly sex: 'male' | 'female';
  readonly hukouDivisionCode: string;
  readonly residenceHistory: ReadonlyArray<{
    readonly divisionCode: string;
    readonly movedInOn: LocalDate;
    readonly movedOutOn?: LocalDate;
  }>;
  readonly difficultyTypes: readonly DifficultyType[];
  readonly askedForHelp: boolean;
  readonly education: { readonly school: string; readonly grade: string };
  readonly movedOut: boolean;
  readonly movedOutOn?: LocalDate;
  readonly determination: { readonly isMigrant: boolean };
  readonly lastVerifiedOn: LocalDate;
}

/** Which records of a county an export holds. */
export type ExportPopulation =
  /** 流动儿童: records whose current determination is migrant (the screening result). */
  | 'migrant'
  /** Every record of the county. */
  | 'all';

/** Where the export reads children from (bound to the children repository by NationalExportModule). */
export interface ChildSource {
  count(countyCode: string, population: ExportPopulation): Promise<number>;
  /** Pages in a stable order (registration order), so an export is a consistent walk. */
  pages(countyCode: string, population: ExportPopulation): AsyncIterable<readonly ExportableChild[]>;
}

export const CHILD_SOURCE = Symbol.for('care.registry.national-export.child-source');
