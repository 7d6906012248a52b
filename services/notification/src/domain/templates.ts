import { ValidationError } from '@xinfang/kernel';

/** Codes of the notice templates; a tenant may override any of them. */
export const TEMPLATE_CODES = [
  'registration-receipt',
  'acceptance-notice',
  'decline-notice',
  'forwarding-notice',
  'extension-notice',
  'reply-notice',
  'review-decision-notice',
  're-review-decision-notice',
  'hearing-notice',
] as const;
export type TemplateCode = (typeof TEMPLATE_CODES)[number];

export function isTemplateCode(code: string): code is TemplateCode {
  return (TEMPLATE_CODES as readonly string[]).includes(code);
}

/** A notice template: a title (email subject, letter heading), a letter/email body, an SMS text. */
export interface NoticeTemplate {
  readonly code: TemplateCode;
  readonly title: string;
  readonly body: string;
  readonly sms: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Checks a template text: only `{{name}}` placeholders, nothing else between braces. Templates
 * are data entered by tenant admins, so they are never evaluated, only substituted.
 */
export function placeholdersOf(text: string, field = 'body'): string[] {
  const stripped = text.replace(PLACEHOLDER, '');
  if (stripped.includes('{{') || stripped.includes('}}')) {
    throw new ValidationError(field, 'placeholders are {{name}} with letters, digits and _ only');
  }
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Substitutes `{{name}}` with the variable's value; a missing variable is an error. */
export function render(text: string, variables: Readonly<Record<string, string>>): string {
  const missing = placeholdersOf(text).filter((name) => variables[name] === undefined);
  if (missing.length > 0) {
    throw new ValidationError(
      missing.map((name) => ({
        field: `variables.${name}`,
        reason: 'is required by the template',
      })),
    );
  }
  // A function replacement: `$&` and friends in values are not interpreted.
  return text.replace(PLACEHOLDER, (_m, name: string) => variables[name]!);
}

export interface RenderedNotice {
  readonly title: string;
  readonly body: string;
  readonly sms: string;
}

export function renderNotice(
  template: NoticeTemplate,
  variables: Readonly<Record<string, string>>,
): RenderedNotice {
  return {
    title: render(template.title, variables),
    body: render(template.body, variables),
    sms: render(template.sms, variables),
  };
}

/** Validates a template a tenant admin submits; returns it when every part parses. */
export function checkTemplate(template: NoticeTemplate): NoticeTemplate {
  placeholdersOf(template.title, 'title');
  placeholdersOf(template.body, 'body');
  placeholdersOf(template.sms, 'sms');
  return template;
}

const SIGN_OFF = '\n\n{{issuer}}\n{{issuedDate}}';

/**
 * Templates shipped with the service (信访工作条例 wording). `{{name}}` is the petitioner's
 * name, `{{caseNumber}}` the case number, `{{issuer}}` the issuing unit, `{{issuedDate}}` the
 * date of the notice.
 */
export const DEFAULT_TEMPLATES: Readonly<Record<TemplateCode, NoticeTemplate>> = {
  'registration-receipt': {
    code: 'registration-receipt',
    title: '信访事项登记回执',
    body:
      '{{name}}:\n    您反映的信访事项已于{{registeredDate}}登记，编号{{caseNumber}}。' +
      '信访部门将在十五日内依法处理并告知您。您可凭查询码在网上信访平台查询办理进度。' +
      SIGN_OFF,
    sms: '【信访】{{name}}，您的信访事项已登记，编号{{caseNumber}}，我们将在十五日内告知处理情况。',
  },
  'acceptance-notice': {
    code: 'acceptance-notice',
    title: '信访事项受理告知书',
    body:
      '{{name}}:\n    您反映的信访事项(编号{{caseNumber}})，{{unitName}}已于{{acceptedDate}}依法受理。' +
      '依照《信访工作条例》第三十四条，将在{{handlingDueDate}}前办结并出具书面答复意见。' +
      SIGN_OFF,
    sms:
      '【信访】{{name}}，您的信访事项{{caseNumber}}已由{{unitName}}受理，' +
      '将于{{handlingDueDate}}前书面答复。',
  },
  'decline-notice': {
    code: 'decline-notice',
    title: '信访事项不予受理告知书',
    body:
      '{{name}}:\n    您反映的信访事项(编号{{caseNumber}})，经审查，{{unitName}}决定不予受理。' +
      '理由：{{reason}}\n    {{guidance}}' +
      SIGN_OFF,
    sms: '【信访】{{name}}，您的信访事项{{caseNumber}}不予受理。理由：{{reason}}。{{guidance}}',
  },
  'forwarding-notice': {
    code: 'forwarding-notice',
    title: '信访事项转送告知书',
    body:
      '{{name}}:\n    您反映的信访事项(编号{{caseNumber}})已于{{forwardedDate}}转送{{unitName}}办理。' +
      '该单位应在{{acceptanceDueDate}}前决定是否受理并书面告知您。' +
      SIGN_OFF,
    sms: '【信访】{{name}}，您的信访事项{{caseNumber}}已转送{{unitName}}办理。',
  },
  'extension-notice': {
    code: 'extension-notice',
    title: '信访事项延期办理告知书',
    body:
      '{{name}}:\n    您反映的信访事项(编号{{caseNumber}})因{{reason}}，' +
      '经{{unitName}}负责人批准，办理期限延长{{days}}日，至{{newDueDate}}。' +
      SIGN_OFF,
    sms:
      '【信访】{{name}}，您的信访事项{{caseNumber}}因{{reason}}延期{{days}}日，' +
      '将于{{newDueDate}}前答复。',
  },
  'reply-notice': {
    code: 'reply-notice',
    title: '信访事项处理意见书',
    body:
      '{{name}}:\n    关于您反映的信访事项(编号{{caseNumber}})，{{unitName}}处理意见如下：' +
      '{{outcome}}。{{opinionSummary}}\n    文号：{{documentNumber}}。' +
      '如对本处理意见不服，可自收到本意见书之日起三十日内向{{reviewAuthority}}请求复查。' +
      SIGN_OFF,
    sms:
      '【信访】{{name}}，您的信访事项{{caseNumber}}已出具处理意见({{outcome}})，' +
      '书面意见书将送达您。',
  },
  'review-decision-notice': {
    code: 'review-decision-notice',
    title: '信访事项复查意见书',
    body:
      '{{name}}:\n    您请求复查的信访事项(编号{{caseNumber}})，{{unitName}}复查意见：' +
      '{{outcome}}。{{summary}}\n    文号：{{documentNumber}}。' +
      '如对复查意见不服，可自收到本意见书之日起三十日内向上一级机关请求复核。' +
      SIGN_OFF,
    sms: '【信访】{{name}}，您的复查请求(事项{{caseNumber}})已作出复查意见：{{outcome}}。',
  },
  're-review-decision-notice': {
    code: 're-review-decision-notice',
    title: '信访事项复核意见书',
    body:
      '{{name}}:\n    您请求复核的信访事项(编号{{caseNumber}})，{{unitName}}复核意见：' +
      '{{outcome}}。{{summary}}\n    文号：{{documentNumber}}。' +
      '依照《信访工作条例》，信访人对复核意见不服，仍以同一事实和理由提出信访的，不再受理。' +
      SIGN_OFF,
    sms: '【信访】{{name}}，您的复核请求(事项{{caseNumber}})已作出复核意见：{{outcome}}。',
  },
  'hearing-notice': {
    code: 'hearing-notice',
    title: '信访事项听证通知书',
    body:
      '{{name}}:\n    关于您的信访事项(编号{{caseNumber}})，定于{{hearingTime}}在{{venue}}举行听证。' +
      '请携带有关证据材料按时参加。' +
      SIGN_OFF,
    sms: '【信访】{{name}}，您的信访事项{{caseNumber}}定于{{hearingTime}}在{{venue}}听证。',
  },
};
