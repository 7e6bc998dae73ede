import { Injectable, Logger } from '@nestjs/common';
import { compareDates, type LocalDate } from '@care/child-rules';
import { ChildrenRepository } from '../children/children.repository';
import { ChildrenService } from '../children/children.service';

export interface RecomputeReport {
  asOf: LocalDate;
  /** Records whose status could change on or before asOf (determination.nextChangeOn <= asOf). */
  examined: number;
  /** Of those, records whose 流动儿童 status changed (each emitted MigrantStatusChanged). */
  statusChanged: number;
  /** Records skipped because they were already determined for a later date. */
  skipped: number;
  failed: number;
  counties: number;
  durationMs: number;
}

const PAGE_SIZE = 200;
/** Records recomputed at once: enough to hide round trips, few enough not to starve the API. */
const CONCURRENCY = 8;

/**
 * 每日重算: re-runs the migrant-child rule for the records whose status may change on a date
 * (the 16th birthday, the 6-month mark, an announced move-out), found by the indexed
 * determination.nextChangeOn, county by county. Each record is one conditional write with its
 * events; a record whose status did not change emits nothing. Idempotent: after a run for a date
 * every record's nextChangeOn lies after it, so a second run finds nothing to do.
 */
@Injectable()
export class StatusRecomputationService {
  private readonly logger = new Logger(StatusRecomputationService.name);
  private running: Promise<RecomputeReport> | undefined;

  constructor(
    private readonly repository: ChildrenRepository,
    private readonly children: ChildrenService,
  ) {}

  /** Runs are serialised: a run requested while one is in progress waits for it, then runs. */
  recomputeStatuses(asOf: LocalDate): Promise<RecomputeReport> {
    const previous = this.running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => this.run(asOf));
    this.running = next;
    return next;
  }

  private async run(asOf: LocalDate): Promise<RecomputeReport> {
    const started = Date.now();
    const report: RecomputeReport = {
      asOf,
      examined: 0,
      statusChanged: 0,
      skipped: 0,
      failed: 0,
      counties: 0,
      durationMs: 0,
    };
    const counties = await this.repository.counties();
    report.counties = counties.length;
    for (const countyCode of counties) {
      let cursor: string | undefined;
      do {
        const page = await this.repository.pageDueForRecompute({ countyCode }, asOf, {
          pageSize: PAGE_SIZE,
          cursor,
        });
        cursor = page.nextCursor;
        const queue = [...page.items];
        const worker = async (): Promise<void> => {
          for (let record = queue.shift(); record !== undefined; record = queue.shift()) {
            report.examined += 1;
            // Never recompute backwards over a determination made for a later day.
            if (compareDates(record.determination.asOf, asOf) > 0) {
              report.skipped += 1;
              continue;
            }
            try {
              const outcome = await this.children.recompute({ countyCode }, record._id, asOf);
              if (outcome?.statusChanged) report.statusChanged += 1;
            } catch (error) {
              report.failed += 1;
              this.logger.error({
                msg: 'recompute failed',
                childId: record._id,
                error: error instanceof Error ? error.message : String(error),
              });
            }
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      } while (cursor !== undefined);
    }
    report.durationMs = Date.now() - started;
    this.logger.log({ msg: 'daily status recomputation done', ...report });
    return report;
  }
}
