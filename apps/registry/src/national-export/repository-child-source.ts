import { Injectable } from '@nestjs/common';
import type { FilterQuery } from 'mongoose';
import { MAX_PAGE_SIZE } from '@care/persistence';
import { ChildrenRepository } from '../children/children.repository';
import type { ChildRecord } from '../children/child.types';
import type { ChildSource, ExportPopulation, ExportableChild } from './export-source';

function filterFor(population: ExportPopulation): FilterQuery<ChildRecord> {
  switch (population) {
    case 'migrant':
      return { 'determination.isMigrant': true } as FilterQuery<ChildRecord>;
    case 'all':
      return {};
  }
}

/** The export's ChildSource over R-core's children repository (county-scoped, keyset-paged by _id). */
@Injectable()
export class RepositoryChildSource implements ChildSource {
  constructor(private readonly children: ChildrenRepository) {}

  count(countyCode: string, population: ExportPopulation): Promise<number> {
    return this.children.count({ countyCode }, filterFor(population));
  }

  async *pages(countyCode: string, population: ExportPopulation): AsyncIterable<readonly ExportableChild[]> {
    let cursor: string | undefined;
    do {
      const page = await this.children.findPage({ countyCode }, filterFor(population), {
        pageSize: MAX_PAGE_SIZE,
        cursor,
        sortField: '_id',
      });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
}
