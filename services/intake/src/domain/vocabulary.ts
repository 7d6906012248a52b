/** How a petition arrived (来信 / 来访 / 网上 / 来电 / 上级交办). */
export const CHANNELS = ['letter', 'visit', 'online', 'phone', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The three kinds of petition (Arts. 29-31): 建议意见 / 检举控告 / 申诉求决. */
export const NATURES = ['suggestion', 'accusation', 'claim'] as const;
export type Nature = (typeof NATURES)[number];

/** Natures a petitioner may bring without giving their name. */
export const ANONYMOUS_NATURES: readonly Nature[] = ['suggestion', 'accusation'];

/** 一般 / 紧急 / 特急. */
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The petitioner's rating of the handling: 满意 / 基本满意 / 不满意. */
export const SATISFACTION_RATINGS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];

export const SATISFACTION_LABELS: Readonly<Record<SatisfactionRating, string>> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
};

/** Where a matter that belongs to a legal procedure is steered (诉访分离). */
export const LEGAL_ROUTES = ['litigation', 'arbitration', 'administrativeReconsideration'] as const;
export type LegalRoute = (typeof LEGAL_ROUTES)[number];

export const LEGAL_ROUTE_LABELS: Readonly<Record<LegalRoute, string>> = {
  litigation: '诉讼',
  arbitration: '仲裁',
  administrativeReconsideration: '行政复议',
};
