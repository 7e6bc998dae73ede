import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { actorMetadata, type Actor } from '@care/access';
import { CONFIG } from '@care/config';
import type { education } from '@care/contracts';
import { DomainError } from '@care/errors';
import { createGrpcClient, type GrpcClient } from '@care/grpc';
import type { RegistryConfig } from '../config';

const BATCH = 500; // education's BatchGetChildSchooling limit

/** `学校/年级` as the ledger writes it. */
export function schoolGradeText(school: string, grade: string): string {
  return grade === '' ? school : `${school}/${grade}`;
}

/** The same school and grade however typed (full-width, spaces, 三年级 vs 3年级 aside: text only). */
export function sameSchoolGrade(a: string, b: string): boolean {
  const key = (t: string) => t.normalize('NFKC').replace(/\s+/g, '');
  return key(a) === key(b);
}

/**
 * The ledger's 就读学校/年级 from the education bureau's enrolments (not what was typed on a
 * past import). Education unset, down or slow: undefined, and the ledger shows the typed value;
 * an export never fails because another service does.
 */
@Injectable()
export class EducationSchooling implements OnApplicationShutdown {
  private readonly logger = new Logger('EducationSchooling');
  private readonly client: GrpcClient<education.EducationServiceClient> | undefined;

  constructor(@Optional() @Inject(CONFIG) config?: Partial<RegistryConfig>) {
    const address = config?.EDUCATION_GRPC_ADDRESS;
    this.client =
      address === undefined
        ? undefined
        : createGrpcClient<education.EducationServiceClient>('education', address, {
            deadlineMs: config?.EDUCATION_GRPC_DEADLINE_MS ?? 3000,
            retries: 1,
            dependency: '教育服务',
          });
  }

  /** Child id → 学校/年级 for the enrolled ones; undefined when education cannot answer. */
  async schoolGradeOf(
    actor: Actor,
    childIds: readonly string[],
  ): Promise<ReadonlyMap<string, string> | undefined> {
    if (this.client === undefined || childIds.length === 0) return undefined;
    const out = new Map<string, string>();
    try {
      for (let i = 0; i < childIds.length; i += BATCH) {
        const answer = await firstValueFrom(
          this.client.batchGetChildSchooling(
            { childIds: childIds.slice(i, i + BATCH) },
            actorMetadata(actor),
          ),
        );
        for (const s of answer.schoolings) out.set(s.childId, schoolGradeText(s.schoolName, s.grade));
      }
      return out;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn({
        msg: 'education schooling unavailable; the ledger shows the typed school',
        code: error.code,
      });
      return undefined;
    }
  }

  onApplicationShutdown(): void {
    this.client?.close();
  }
}
