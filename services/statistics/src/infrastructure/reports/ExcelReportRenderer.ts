import ExcelJS from 'exceljs';
import type { AnnualReport, MonthlyReport, NamedKpis, ReportRenderer } from '../../application';
import type { Kpis, Ratio } from '../../domain';

/** Columns of a KPI table: header (Chinese, as printed) and the value of a row. */
const KPI_COLUMNS: ReadonlyArray<{ header: string; key: string; value: (k: Kpis) => number }> = [
  { header: '登记件数', key: 'registered', value: (k) => k.registered },
  { header: '受理件数', key: 'accepted', value: (k) => k.accepted },
  { header: '按期受理率', key: 'onTimeAcceptance', value: (k) => k.onTimeAcceptance.value },
  { header: '答复件数', key: 'replied', value: (k) => k.replied },
  { header: '按期答复率', key: 'onTimeReply', value: (k) => k.onTimeReply.value },
  { header: '办结件数', key: 'closed', value: (k) => k.closed },
  { header: '按期办结率', key: 'onTimeClosure', value: (k) => k.onTimeClosure.value },
  { header: '化解件数', key: 'resolved', value: (k) => k.resolved },
  { header: '化解率', key: 'resolution', value: (k) => k.resolution.value },
  { header: '满意率', key: 'satisfaction', value: (k) => k.satisfaction.value },
  { header: '重复信访件数', key: 'repeat', value: (k) => k.repeat },
  { header: '重复信访率', key: 'repeatRate', value: (k) => k.repeatRate.value },
  { header: '越级访件数', key: 'skipLevel', value: (k) => k.skipLevel },
  { header: '集体访件数', key: 'collective', value: (k) => k.collective },
  { header: '超期件数', key: 'overdue', value: (k) => k.overdue },
  { header: '积案化解件数', key: 'backlogResolved', value: (k) => k.backlogResolved },
];

const RATE_KEYS = new Set(KPI_COLUMNS.filter((c) => /率$/.test(c.header)).map((c) => c.key));

function kpiSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  firstHeader: string,
  rows: Array<{ label: string; kpis: Kpis }>,
): void {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow([firstHeader, ...KPI_COLUMNS.map((c) => c.header)]);
  header.font = { bold: true };
  for (const { label, kpis } of rows) {
    sheet.addRow([label, ...KPI_COLUMNS.map((c) => c.value(kpis))]);
  }
  KPI_COLUMNS.forEach((c, i) => {
    const column = sheet.getColumn(i + 2);
    column.width = Math.max(10, c.header.length * 2 + 2);
    if (RATE_KEYS.has(c.key)) column.numFmt = '0.00%';
  });
  sheet.getColumn(1).width = 24;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 3 }];
}

function unitsSheet(workbook: ExcelJS.Workbook, title: string, kpis: Kpis): void {
  const sheet = workbook.addWorksheet('被投诉较多单位');
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  sheet.addRow(['排名', '单位', '单位编号', '所在区划', '件数']).font = { bold: true };
  kpis.topUnits.forEach((u, i) => sheet.addRow([i + 1, u.name, u.unitId, u.regionCode, u.cases]));
  sheet.getColumn(2).width = 36;
  sheet.getColumn(3).width = 30;
}

function ratioLine(label: string, r: Ratio): (string | number)[] {
  return [label, r.numerator, r.denominator, r.value];
}

function childRows(children: NamedKpis[]) {
  return children.map((c) => ({ label: `${c.name}（${c.code}）`, kpis: c.kpis }));
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function newWorkbook(at: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xinfang statistics';
  workbook.created = at;
  return workbook;
}

/** Renders the reports with exceljs: a summary sheet, a breakdown by region, the units. */
export class ExcelReportRenderer implements ReportRenderer {
  async monthly(r: MonthlyReport): Promise<Buffer> {
    const workbook = newWorkbook(r.generatedAt);
    const title = `${r.region.name}信访工作月报（${r.month}）`;
    kpiSheet(workbook, '月报', title, '区划', [
      { label: `${r.region.name}（${r.region.code}）本月`, kpis: r.total },
      { label: `${r.region.name}（${r.region.code}）本年累计`, kpis: r.yearToDate },
      ...childRows(r.children),
    ]);
    const rates = workbook.addWorksheet('指标明细');
    rates.addRow(['指标', '分子', '分母', '比率']).font = { bold: true };
    rates.addRow(ratioLine('按期受理率', r.total.onTimeAcceptance));
    rates.addRow(ratioLine('按期答复率', r.total.onTimeReply));
    rates.addRow(ratioLine('按期办结率', r.total.onTimeClosure));
    rates.addRow(ratioLine('化解率', r.total.resolution));
    rates.addRow(ratioLine('满意率', r.total.satisfaction));
    rates.addRow(ratioLine('重复信访率', r.total.repeatRate));
    rates.getColumn(4).numFmt = '0.00%';
    unitsSheet(workbook, `${title} 被投诉较多单位`, r.total);
    return toBuffer(workbook);
  }

  async annual(r: AnnualReport): Promise<Buffer> {
    const workbook = newWorkbook(r.generatedAt);
    const title = `${r.region.name}${r.year}年度信访工作统计报告`;
    kpiSheet(workbook, '年度汇总', title, '区划', [
      { label: `${r.region.name}（${r.region.code}）全年`, kpis: r.total },
      ...childRows(r.children),
    ]);
    kpiSheet(
      workbook,
      '分月统计',
      `${title} 分月统计`,
      '月份',
      r.months.map((k) => ({ label: k.period.start.slice(0, 7), kpis: k })),
    );
    unitsSheet(workbook, `${title} 被投诉较多单位（第四十一条）`, r.total);
    return toBuffer(workbook);
  }
}
