import { endOfDay, startOfDay } from '@xinfang/kernel';
import { canSee, type Principal, ROLES } from '@xinfang/principal';
import ExcelJS from 'exceljs';
import { assertRole } from '../../application';
import type { LedgerRepository, Month } from '../../domain';

const COLUMNS: Array<{ header: string; key: string; width: number }> = [
  { header: '信访件编号', key: 'caseNumber', width: 24 },
  { header: '区域代码', key: 'regionCode', width: 12 },
  { header: '列入原因', key: 'reasons', width: 40 },
  { header: '列入日期', key: 'flaggedAt', width: 12 },
  { header: '化解方案', key: 'plan', width: 40 },
  { header: '责任人', key: 'owner', width: 14 },
  { header: '目标日期', key: 'targetDate', width: 12 },
  { header: '稳控措施', key: 'measures', width: 40 },
  { header: '本月进展', key: 'progress', width: 40 },
  { header: '本月稳定', key: 'stable', width: 10 },
  { header: '状态', key: 'status', width: 10 },
];

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '');

/**
 * The monthly backlog ledger (积案台账) as a workbook: every entry in the caller's scope that was
 * in the ledger during the month, with the month's status where recorded.
 */
export async function ledgerWorkbook(
  ledger: LedgerRepository,
  principal: Principal,
  month: Month,
): Promise<Buffer> {
  assertRole(principal, [ROLES.supervisor, ROLES.analyst], 'exporting the backlog ledger');
  const entries = await ledger.listForMonthlyReport({
    month,
    scopePaths: principal.scopePaths,
    tenantId: null,
    flaggedBy: endOfDay(lastDayOf(month)),
    openAt: startOfDay(`${month}-01`),
  });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`积案台账 ${month}`);
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  for (const entry of entries) {
    const s = entry.toState();
    if (!canSee(principal, s.caseRef.regionPath)) continue;
    const status = s.monthlyStatuses.find((m) => m.month === month);
    sheet.addRow({
      caseNumber: s.caseRef.caseNumber,
      regionCode: s.caseRef.regionCode,
      reasons: s.reasons.map((r) => r.detail).join('；'),
      flaggedAt: day(s.flaggedAt),
      plan: s.plan.summary ?? '',
      owner: s.plan.ownerName ?? s.plan.ownerSubject ?? '',
      targetDate: s.plan.targetDate ?? '',
      measures: s.plan.measures.join('；'),
      progress: status?.progress ?? '',
      stable: status ? (status.stable ? '是' : '否') : '',
      status: s.status === 'open' ? '未化解' : '已化解',
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function lastDayOf(month: Month): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}
