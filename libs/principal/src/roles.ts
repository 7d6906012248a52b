/** Realm roles (DESIGN.md "Staff roles"), as named in Keycloak and in code. */
export const ROLES = {
  clerk: 'clerk', // 登记员
  handler: 'handler', // 承办人
  unitHead: 'unit-head', // 单位负责人
  caseLeader: 'case-leader', // 包案领导
  supervisor: 'supervisor', // 督查员
  hearingOfficer: 'hearing-officer', // 听证主持人
  analyst: 'analyst', // 统计员
  tenantAdmin: 'tenant-admin', // county tenant administrator
  operator: 'operator', // provincial operator
  subscriber: 'subscriber', // downstream system (client credentials)
  service: 'service', // another xinfang service (client credentials)
} as const;

export type Role = (typeof ROLES)[keyof typeof ROLES];

export const ALL_ROLES: readonly Role[] = Object.values(ROLES);

export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}
