import { codeOfPath } from '@xinfang/kernel';
import { LegalChannel } from './legal-channel';
import { CaseStatus, STATUS_LABELS } from './progress';
import { PriorCaseRef } from './ports';
import { LEGAL_ROUTE_LABELS } from './vocabulary';

/** Region names for notices; a code stands in when the name is unknown. */
export type RegionNames = ReadonlyMap<string, string>;

const nameOf = (names: RegionNames, code: string) => names.get(code) ?? code;

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as CaseStatus] ?? status;
}

/** Art. 19: a lower level is still handling the matter within its limit. */
export function deferralNotice(prior: PriorCaseRef, names: RegionNames): string {
  return (
    `该事项正由${nameOf(names, codeOfPath(prior.regionPath))}依法办理(编号 ${prior.caseNumber},${statusLabel(prior.status)}),` +
    '尚在规定期限内,本级不再重复受理,请等待办理结果。'
  );
}

export function repeatNotice(original: PriorCaseRef, count: number): string {
  return `该事项此前已反映${count}次,已与编号 ${original.caseNumber} 的事项关联。`;
}

export function skipLevelNotice(competentRegionCode: string, names: RegionNames): string {
  return `该事项应由${nameOf(names, competentRegionCode)}处理,请依法逐级向其提出。`;
}

export function legalChannelNotice(legal: LegalChannel): string {
  const route = LEGAL_ROUTE_LABELS[legal.route];
  return `该事项属于${route}范围,请依法通过${route}途径解决。`;
}
