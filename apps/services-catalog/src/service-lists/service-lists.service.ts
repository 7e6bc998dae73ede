import { CatalogueEvents } from '@care/contracts';
import {
  addItem,
  cityBasis,
  countyBasis,
  currentPublished,
  deriveCityDraft,
  deriveCountyDraft,
  diffLists,
  editItem,
  effectiveList,
  isCountyOfCity,
  nextAdditionCode,
  publishList,
  removeItem,
  type ItemPatch,
  type ListBasis,
  type ListDiff,
  type NewItem,
  type ServiceList,
} from '@care/catalogue';
import { compareDates, isLocalDate, type LocalDate, today } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { conflict, failedPrecondition, invalidArgument, notFound, unavailable } from '@care/errors';
import { ConsumerRegistry, outboxEntry } from '@care/events';
import { resolveDivision } from '@care/divisions';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectClock, type Clock } from '@care/service-kit';
import type { ServicesCatalogConfig } from '../config';
import { hezeBasicList } from '@care/catalogue';
import { ListActivationSignal } from './list-activation.signal';
import { ServiceListRepository, type StoredList } from './service-list.repository';

/** A version as the version list shows it. */
export interface ListVersionSummary {
  readonly divisionCode: string;
  readonly version: number;
  readonly status: ServiceList['status'];
  readonly title: string;
  readonly effectiveFrom: string | null;
  readonly publishedAt: string | null;
  readonly basedOn: ServiceList['basedOn'];
  readonly itemCount: number;
  /** Whether children's entitlements have been recomputed with this version. */
  readonly applied: boolean;
}

const MAX_WRITE_ATTEMPTS = 3;
const CACHE_TTL_MS = 5000;

/**
 * The service lists' use cases: the city's basic list (seeded once), county drafts, edits,
 * publication with an effective date, versions, diffs, and "the list in force here today".
 */
@Injectable()
export class ServiceListsService implements OnModuleInit {
  private readonly logger = new Logger(ServiceListsService.name);
  private readonly cache = new Map<string, { readonly list: ServiceList | null; readonly at: number }>();

  constructor(
    private readonly repository: ServiceListRepository,
    private readonly signal: ListActivationSignal,
    private readonly events: ConsumerRegistry,
    @InjectClock() private readonly clock: Clock,
    @InjectConfig() private readonly config: ServicesCatalogConfig,
  ) {}

  get cityCode(): string {
    return this.config.CITY_CODE;
  }

  /** Seeds the city's basic list (Attachment 2) on first start; a no-op afterwards. */
  async onModuleInit(): Promise<void> {
    const seed = hezeBasicList();
    if (seed.divisionCode !== this.cityCode) {
      this.logger.warn(
        `no seeded basic list for city ${this.cityCode}; the city list must be created by hand`,
      );
      return;
    }
    // Applied from the start: at first start there is no child to recompute.
    const inserted = await this.repository.insert(seed, this.clock.now(), true);
    if (inserted)
      this.logger.log(
        `seeded the city basic list ${seed.divisionCode} v${seed.version} (${seed.items.length} items)`,
      );
  }

  /** The city itself or one of its current counties; anything else is refused in Chinese. */
  assertListDivision(divisionCode: string): void {
    if (divisionCode === this.cityCode) return;
    const division = isCountyOfCity(divisionCode, this.cityCode) ? resolveDivision(divisionCode) : undefined;
    if (division === undefined || division.level !== 'county' || division.historical !== undefined) {
      throw invalidArgument(
        'divisionCode',
        '本市或所辖县区',
        `行政区划代码 ${divisionCode} 不是本市（${this.cityCode}）或其所辖县区`,
      );
    }
  }

  private async cityVersions(): Promise<ServiceList[]> {
    return (await this.repository.versions(this.cityCode)).map((s) => s.list);
  }

  /** The city's basic list in force on a date (before the first effective date: the first published). */
  async cityListOn(onDate: LocalDate): Promise<ServiceList> {
    const versions = await this.cityVersions();
    const list = currentPublished(versions, onDate) ?? versions.find((v) => v.status === 'published');
    if (list === undefined) throw unavailable('城市基础服务清单');
    return list;
  }

  /**
   * The list that applies to a child living in `countyCode` on a date: the county's list in
   * force completed with any basic item it lacks, or the city's while the county has none;
   * null when the county is outside the city (nothing is owed here). An unknown county ('')
   * gets the city's basic list.
   */
  async effectiveListFor(countyCode: string, onDate: LocalDate): Promise<ServiceList | null> {
    const key = `${countyCode}|${onDate}`;
    const cached = this.cache.get(key);
    if (cached !== undefined && Date.now() - cached.at < CACHE_TTL_MS) return cached.list;
    let list: ServiceList | null;
    if (countyCode === '' || countyCode === this.cityCode) {
      list = await this.cityListOn(onDate);
    } else if (!isCountyOfCity(countyCode, this.cityCode)) {
      list = null;
    } else {
      const county = currentPublished(
        (await this.repository.versions(countyCode)).map((s) => s.list),
        onDate,
      );
      list = effectiveList(await this.cityListOn(onDate), county);
    }
    this.cache.set(key, { list, at: Date.now() });
    return list;
  }

  /** Forget cached lists (a version was published or took effect). */
  invalidate(): void {
    this.cache.clear();
  }

  async versions(divisionCode: string): Promise<ListVersionSummary[]> {
    this.assertListDivision(divisionCode);
    return (await this.repository.versions(divisionCode)).map(summary);
  }

  async version(divisionCode: string, version: number): Promise<StoredList> {
    this.assertListDivision(divisionCode);
    const stored = await this.repository.get(divisionCode, version);
    if (stored === undefined) throw notFound('服务清单版本', `${divisionCode} 第${version}版`);
    return stored;
  }

  async diff(divisionCode: string, from: number, to: number): Promise<ListDiff> {
    const [a, b] = await Promise.all([this.version(divisionCode, from), this.version(divisionCode, to)]);
    return diffLists(a.list, b.list);
  }

  /** The list in force on a date (default today) as families and departments see it. */
  async current(
    divisionCode: string,
    onDate?: string,
  ): Promise<{ list: ServiceList; source: 'county' | 'city'; onDate: LocalDate }> {
    this.assertListDivision(divisionCode);
    const date = onDate === undefined || onDate === '' ? today(this.clock) : onDate;
    if (!isLocalDate(date)) throw invalidArgument('onDate', '日期格式', `日期须为 YYYY-MM-DD：${date}`);
    if (divisionCode === this.cityCode)
      return { list: await this.cityListOn(date), source: 'city', onDate: date };
    const county = currentPublished(
      (await this.repository.versions(divisionCode)).map((s) => s.list),
      date,
    );
    const city = await this.cityListOn(date);
    return county === undefined
      ? { list: city, source: 'city', onDate: date }
      : { list: effectiveList(city, county), source: 'county', onDate: date };
  }

  /** The basic items the list may not fall below. */
  private async basisFor(list: ServiceList, onDate: LocalDate): Promise<ListBasis> {
    if (list.level === 'county') return countyBasis(await this.cityListOn(onDate));
    const previous = (await this.repository.versions(this.cityCode))
      .filter((s) => s.list.status === 'published' && s.list.version < list.version)
      .at(-1);
    return previous === undefined ? { items: [], label: '国家基础清单' } : cityBasis(previous.list);
  }

  /** A new draft: from the county's latest version (or the city list), or the city's previous version. */
  async createDraft(divisionCode: string, title?: string): Promise<ServiceList> {
    this.assertListDivision(divisionCode);
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const versions = await this.repository.versions(divisionCode);
      const open = versions.find((s) => s.list.status === 'draft');
      if (open !== undefined) {
        throw failedPrecondition(
          `${divisionCode} 已有未发布的草稿第${open.list.version}版：请继续编辑或发布后再新建`,
          {
            field: 'status',
            rule: '同时只能有一个草稿',
            details: { version: open.list.version },
          },
        );
      }
      const version = (versions.at(-1)?.list.version ?? 0) + 1;
      const previous = versions.filter((s) => s.list.status === 'published').at(-1)?.list;
      let draft: ServiceList;
      if (divisionCode === this.cityCode) {
        if (previous === undefined) throw unavailable('城市基础服务清单');
        draft = deriveCityDraft(previous, version);
      } else {
        draft = deriveCountyDraft({
          divisionCode,
          version,
          cityList: await this.cityListOn(today(this.clock)),
          previous,
          title,
        });
      }
      if (title !== undefined) draft = { ...draft, title };
      if (await this.repository.insert(draft, this.clock.now())) return draft;
    }
    throw conflict('新建草稿时发生并发冲突，请重试');
  }

  private async updateDraft(
    divisionCode: string,
    version: number,
    change: (draft: ServiceList, basis: ListBasis) => Promise<ServiceList> | ServiceList,
  ): Promise<ServiceList> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const stored = await this.version(divisionCode, version);
      const basis = await this.basisFor(stored.list, today(this.clock));
      const next = await change(stored.list, basis);
      if (await this.repository.saveDraft(next, stored.rev, this.clock.now())) return next;
    }
    throw conflict(`服务清单 ${divisionCode} 第${version}版正被他人修改，请刷新后重试`);
  }

  editItem(divisionCode: string, version: number, code: string, patch: ItemPatch): Promise<ServiceList> {
    return this.updateDraft(divisionCode, version, (draft, basis) => editItem(draft, code, patch, basis));
  }

  async addItem(divisionCode: string, version: number, item: NewItem): Promise<ServiceList> {
    return this.updateDraft(divisionCode, version, async (draft) => {
      const used = new Set([
        ...(await this.repository.usedItemCodes(divisionCode)),
        ...draft.items.map((i) => i.code),
      ]);
      return addItem(draft, nextAdditionCode(divisionCode, used), item);
    });
  }

  removeItem(divisionCode: string, version: number, code: string): Promise<ServiceList> {
    return this.updateDraft(divisionCode, version, (draft, basis) => removeItem(draft, code, basis));
  }

  /** Publishes a draft with its effective date and announces it (listPublished), in one write. */
  async publish(divisionCode: string, version: number, effectiveFrom: string): Promise<ServiceList> {
    const now = this.clock.now();
    const stored = await this.version(divisionCode, version);
    if (!isLocalDate(effectiveFrom))
      throw invalidArgument('effectiveFrom', '日期格式', `生效日期须为 YYYY-MM-DD 日期：${effectiveFrom}`);
    const day = today(this.clock);
    const latestPublished = (await this.repository.versions(divisionCode))
      .filter((s) => s.list.status === 'published')
      .at(-1)?.list;
    // The basis is the city list in force when the county list takes effect.
    const basis = await this.basisFor(
      stored.list,
      compareDates(effectiveFrom, day) > 0 ? effectiveFrom : day,
    );
    const published = publishList(stored.list, {
      effectiveFrom,
      publishedAt: now.toISOString(),
      today: day,
      basis,
      latestPublished,
    });
    const event = outboxEntry(
      CatalogueEvents.listPublished,
      published.divisionCode,
      {
        countyCode: published.divisionCode,
        version: published.version,
        effectiveFrom,
        itemCodes: published.items.map((i) => i.code),
        publishedAt: published.publishedAt ?? '',
      },
      this.config.SERVICE_NAME,
    );
    if (!(await this.repository.publish(published, stored.rev, now, event))) {
      throw conflict(`服务清单 ${divisionCode} 第${version}版正被他人修改或已发布，请刷新后重试`);
    }
    this.logger.log(`published service list ${divisionCode} v${version}, effective ${effectiveFrom}`);
    this.invalidate();
    this.events.nudgeRelays();
    this.signal.published();
    return published;
  }
}

function summary(stored: StoredList): ListVersionSummary {
  const { list } = stored;
  return {
    divisionCode: list.divisionCode,
    version: list.version,
    status: list.status,
    title: list.title,
    effectiveFrom: list.effectiveFrom,
    publishedAt: list.publishedAt,
    basedOn: list.basedOn,
    itemCount: list.items.length,
    applied: stored.applied,
  };
}
