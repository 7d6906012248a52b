import { ForbiddenError, regionPath, RegionTree, ValidationError } from '@xinfang/kernel';
import { canSee, currentPrincipal } from '@xinfang/principal';
import {
  bucketOf,
  counterKey,
  daysOf,
  Kpis,
  kpisFrom,
  KpiCounterStore,
  MonthRange,
  monthsIn,
} from '../../domain';

export interface KpiRollup {
  region: Kpis;
  /** One entry per child region (township → county → city → province), in code order. */
  children: Kpis[];
}

/**
 * KPIs read from the pre-aggregated counters: one document per region × month × subject
 * bucket, so a query reads at most (months) documents per region whatever the number of cases.
 */
export class GetKpis {
  constructor(
    private readonly counters: KpiCounterStore,
    private readonly regions: RegionTree,
    private readonly clock: () => Date,
    private readonly topUnits = 10,
  ) {}

  /** The caller's own region when none is asked for. */
  defaultRegion(): string {
    const code = currentPrincipal().regionCodes[0];
    if (!code) throw new ForbiddenError('the caller has no region');
    return code;
  }

  async kpis(region: string, range: MonthRange, subject?: string): Promise<Kpis> {
    this.assertVisible(region);
    return this.read(region, range, subject);
  }

  async rollup(region: string, range: MonthRange, subject?: string): Promise<KpiRollup> {
    this.assertVisible(region);
    const children = this.regions.has(region) ? this.regions.children(region) : [];
    const [own, ...rest] = await Promise.all(
      [region, ...children].map((code) => this.read(code, range, subject)),
    );
    return { region: own!, children: rest };
  }

  /** KPIs per month of the range (annual report). */
  async monthly(region: string, range: MonthRange, subject?: string): Promise<Kpis[]> {
    this.assertVisible(region);
    return Promise.all(
      monthsIn(range).map((m) => this.read(region, { start: m, end: m }, subject)),
    );
  }

  regionName(code: string): string {
    return this.regions.has(code) ? this.regions.get(code).name : code;
  }

  private async read(region: string, range: MonthRange, subject?: string): Promise<Kpis> {
    const bucket = bucketOf(subject);
    const keys = monthsIn(range).map((m) => counterKey(region, m, bucket));
    const docs = await this.counters.read(keys);
    return kpisFrom(region, daysOf(range), bucket, docs, this.topUnits, this.clock());
  }

  private assertVisible(region: string): void {
    let path: string;
    try {
      path = regionPath(region);
    } catch {
      throw new ValidationError('region', `"${region}" is not a region code`);
    }
    if (!canSee(currentPrincipal(), path))
      throw new ForbiddenError(`region ${region} is outside your region`);
  }
}
