import type { Kpis } from '../../domain';
import type { GetKpis } from '../GetKpis/GetKpis';

export interface NamedKpis {
  code: string;
  name: string;
  kpis: Kpis;
}

/** 月报: one month of a region, its year to date, and each child region. */
export interface MonthlyReport {
  region: { code: string; name: string };
  month: string;
  total: Kpis;
  yearToDate: Kpis;
  children: NamedKpis[];
  generatedAt: Date;
}

/** 年度统计报告: the year per month, per child region, and the most-complained-about units (Art. 41). */
export interface AnnualReport {
  region: { code: string; name: string };
  year: string;
  total: Kpis;
  months: Kpis[];
  children: NamedKpis[];
  generatedAt: Date;
}

/** Turns a report into a file (XLSX). */
export interface ReportRenderer {
  monthly(report: MonthlyReport): Promise<Buffer>;
  annual(report: AnnualReport): Promise<Buffer>;
}

/** Builds the monthly and annual reports from the counters, never from raw cases. */
export class BuildReports {
  constructor(
    private readonly kpis: GetKpis,
    private readonly renderer: ReportRenderer,
    private readonly clock: () => Date,
  ) {}

  async monthly(region: string, month: string): Promise<{ report: MonthlyReport; file: Buffer }> {
    const range = { start: month, end: month };
    const [rollup, yearToDate] = await Promise.all([
      this.kpis.rollup(region, range),
      this.kpis.kpis(region, { start: `${month.slice(0, 4)}-01`, end: month }),
    ]);
    const report: MonthlyReport = {
      region: { code: region, name: this.kpis.regionName(region) },
      month,
      total: rollup.region,
      yearToDate,
      children: rollup.children.map((k) => this.named(k)),
      generatedAt: this.clock(),
    };
    return { report, file: await this.renderer.monthly(report) };
  }

  async annual(region: string, year: string): Promise<{ report: AnnualReport; file: Buffer }> {
    const range = { start: `${year}-01`, end: `${year}-12` };
    const [rollup, months] = await Promise.all([
      this.kpis.rollup(region, range),
      this.kpis.monthly(region, range),
    ]);
    const report: AnnualReport = {
      region: { code: region, name: this.kpis.regionName(region) },
      year,
      total: rollup.region,
      months,
      children: rollup.children.map((k) => this.named(k)),
      generatedAt: this.clock(),
    };
    return { report, file: await this.renderer.annual(report) };
  }

  private named(k: Kpis): NamedKpis {
    return { code: k.regionCode, name: this.kpis.regionName(k.regionCode), kpis: k };
  }
}
