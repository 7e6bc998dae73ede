import type { Accompaniment, DifficultyType, LocalDate } from '@care/child-rules';
import type { ImportedLedgerFields } from '../key-care/key-care.service';
import type { SealedGuardian } from '../children/child.types';
import type { MissingFact } from './ledger-row-mapping';

/**
 * A child kept on the county's "records to complete" worklist (待补录, incomplete_children): the
 * import found the child but not a fact the migrant-child rule needs (the birth date without an
 * ID number, the household-registration county, the sex). It is counted on the worklist, never
 * determined nor published; once completed (API or a corrected re-import) it becomes a child
 * record with the same id, determined and published as usual, and this document is deleted.
 * Personal fields are sealed like a child record's.
 */
export interface IncompleteChildRecord {
  /** A ULID; the child record that completes it gets the same id (a retried completion is idempotent). */
  _id: string;
  countyCode: string;
  /** 乡镇/街道 of the residence where known, else ''. */
  townshipCode: string;
  personal: { name: string; hukouAddress: string; residenceAddress: string };
  guardians: SealedGuardian[];
  sex?: 'male' | 'female';
  /** 年龄 as written, on `sheetAgeOn`: a hint for the birth date, never used as one. */
  sheetAge?: number;
  sheetAgeOn: LocalDate;
  hukouDivisionCode?: string;
  residenceDivisionCode: string;
  movedInOn: LocalDate;
  movedOutOn?: LocalDate;
  accompaniedBy: Accompaniment;
  difficultyTypes: DifficultyType[];
  askedForHelp: boolean;
  education: { school: string; grade: string };
  /** The ledger columns of the row (key-care entry opened on completion when the child qualifies). */
  ledger?: ImportedLedgerFields;
  missing: MissingFact[];
  /** Keyed HMACs of the match texts (see MatchTexts): never the texts. */
  matchKeys: { name: string; hukou: string; guardian?: string };
  /** Keyed HMAC of the row as last imported: an unchanged re-import writes nothing. */
  importFingerprint: string;
  /** Where it came from: the job and sheet row (no values). */
  source: { jobId: string; rowNumber: number };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What the import matches incomplete records on (read once per import, like the children's index). */
export type IncompleteIndexEntry = Pick<
  IncompleteChildRecord,
  '_id' | 'matchKeys' | 'importFingerprint' | 'sex' | 'sheetAge' | 'sheetAgeOn' | 'version' | 'createdAt'
>;
