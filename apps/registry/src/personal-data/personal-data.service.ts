import { Inject, Injectable } from '@nestjs/common';
import {
  blindIndexCandidates,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  needsRotation,
  open,
  reseal,
  seal,
  versionedBlindIndex,
  type Keyring,
} from '@care/crypto';
import { assertNever, permissionDenied } from '@care/errors';
import { ROLE_LABELS, actorCoversCounty, type Actor } from '@care/access';
import { PERSONAL_FIELD_LABELS, mayRevealField, type PersonalField } from '../auth/permissions';
import { AuditTrail, normalisePurpose } from '@care/service-kit';

export const PERSONAL_DATA_KEYRING = Symbol.for('care.registry.personal-data-keyring');

export interface RevealRequest {
  /** The record the value belongs to (childId). */
  readonly recordId: string;
  /** The record's county (its scope key): the actor must cover it. */
  readonly countyCode: string;
  readonly field: PersonalField;
  readonly sealed: string;
  /** Why the full value is needed (用途), as the person stated it; audited. */
  readonly purpose: string;
}

/**
 * The one way the registry handles personal fields (names, ID numbers, phones, addresses):
 * sealed at rest (SM4-CBC + HMAC-SM3, versioned keys), found by a blind index, masked for
 * display, and revealed only to a role that may see the field, after the read is audited.
 * Values never go to logs: nothing here logs, and errors carry no values.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    @Inject(PERSONAL_DATA_KEYRING) private readonly keyring: Keyring,
    private readonly audit: AuditTrail,
  ) {}

  /** Encrypts with the current key version: `sm4:<v>:<iv>:<ct>:<mac>`. */
  seal(plaintext: string): string {
    return seal(this.keyring, plaintext);
  }

  /**
   * Decrypts after checking integrity (throws SealError on a tampered value or unknown key).
   * Internal use only (exports, re-indexing) AFTER an audited permission check; to show a value
   * to a person use `reveal`.
   */
  open(sealed: string): string {
    return open(this.keyring, sealed);
  }

  /** Blind index of a NORMALISED ID number (normalizeIdNumber of @care/identity): `bi<v>:<hex>`. */
  idNumberIndex(normalisedIdNumber: string): string {
    return versionedBlindIndex(this.keyring, normalisedIdNumber);
  }

  /** Every index the ID number may be stored under, current first (for `$in` lookups during a re-index). */
  idNumberIndexCandidates(normalisedIdNumber: string): string[] {
    return blindIndexCandidates(this.keyring, normalisedIdNumber);
  }

  /** True when the value was sealed under an older key version (a rotation job re-seals it). */
  needsRotation(sealed: string): boolean {
    return needsRotation(this.keyring, sealed);
  }

  reseal(sealed: string): string {
    return reseal(this.keyring, sealed);
  }

  /** The display form of a field for anyone who may not see it in clear. */
  mask(field: PersonalField, plaintext: string): string {
    switch (field) {
      case 'name':
      case 'guardianName':
        return maskName(plaintext);
      case 'idNumber':
        return maskIdNumber(plaintext);
      case 'guardianPhone':
        return maskPhone(plaintext);
      case 'hukouAddress':
      case 'residenceAddress':
        return maskAddress(plaintext);
      default:
        return assertNever(field, 'personal field');
    }
  }

  /** Opens and masks: what a response carries by default. Not audited (nothing identifying is shown). */
  maskSealed(field: PersonalField, sealed: string): string {
    return this.mask(field, this.open(sealed));
  }

  /** May this actor see this field of a record in this county in clear? (No audit: for UI hints.) */
  mayReveal(actor: Actor, field: PersonalField, countyCode: string): boolean {
    return mayRevealField(actor.role, field) && actorCoversCounty(actor, countyCode);
  }

  /**
   * The full value, if the actor's role allows the field and the record is in the actor's
   * counties. The audit entry is written FIRST: if it cannot be written, nothing is revealed.
   * Refusals are audited too (action `reveal-denied`), then thrown as permission-denied.
   */
  async reveal(actor: Actor, request: RevealRequest): Promise<string> {
    const purpose = normalisePurpose(request.purpose);
    const base = {
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      recordId: request.recordId,
      field: request.field,
      purpose,
      countyCode: request.countyCode,
    };
    const label = PERSONAL_FIELD_LABELS[request.field];
    if (!actorCoversCounty(actor, request.countyCode)) {
      await this.audit.record({ ...base, action: 'reveal-denied' });
      throw permissionDenied(`无权查看${label}的完整信息：该记录不在本人负责的区县范围内`, {
        field: request.field,
      });
    }
    if (!mayRevealField(actor.role, request.field)) {
      await this.audit.record({ ...base, action: 'reveal-denied' });
      throw permissionDenied(`当前角色（${ROLE_LABELS[actor.role]}）无权查看${label}的完整信息`, {
        field: request.field,
        role: actor.role,
      });
    }
    await this.audit.record({ ...base, action: 'reveal' });
    return this.open(request.sealed);
  }
}
