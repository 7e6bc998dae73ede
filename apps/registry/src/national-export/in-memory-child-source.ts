import type { ChildSource, ExportPopulation, ExportableChild } from './export-source';

/** A ChildSource over an array, for tests of the export (the repository one is tested with the app). */
export class InMemoryChildSource implements ChildSource {
  constructor(
    private readonly children: readonly ExportableChild[],
    private readonly pageSize = 2,
  ) {}

  private select(countyCode: string, population: ExportPopulation): ExportableChild[] {
    return this.children.filter(
      (c) => c.countyCode === countyCode && (population === 'all' || c.determination.isMigrant),
    );
  }

  async count(countyCode: string, population: ExportPopulation): Promise<number> {
    return this.select(countyCode, population).length;
  }

  async *pages(countyCode: string, population: ExportPopulation): AsyncIterable<readonly ExportableChild[]> {
    const all = this.select(countyCode, population);
    for (let i = 0; i < all.length; i += this.pageSize) yield all.slice(i, i + this.pageSize);
  }
}
