/** A run of whole months, both ends inclusive (`YYYY-MM`). Counters are kept per month. */
export interface MonthRange {
  start: string;
  end: string;
}

/** The longest period one query may span. */
export const MAX_MONTHS = 120;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

/**
 * Reads a period: `2026-03` (a month), `2026-Q1` (a quarter), `2026` (a year) or
 * `2026-01..2026-06` (a range of months). Returns undefined with a reason when it is none of these.
 */
export function parsePeriod(text: string): { range: MonthRange } | { reason: string } {
  const s = text.trim();
  let range: MonthRange | undefined;
  const q = QUARTER.exec(s);
  const y = YEAR.exec(s);
  if (MONTH.test(s)) range = { start: s, end: s };
  else if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1;
    range = { start: `${q[1]}-${pad(first)}`, end: `${q[1]}-${pad(first + 2)}` };
  } else if (y) range = { start: `${y[1]}-01`, end: `${y[1]}-12` };
  else if (s.includes('..')) {
    const [a, b] = s.split('..');
    if (!a || !b || !MONTH.test(a) || !MONTH.test(b))
      return { reason: 'a range must be YYYY-MM..YYYY-MM' };
    range = { start: a, end: b };
  }
  if (!range) return { reason: 'must be YYYY-MM, YYYY-Qn, YYYY or YYYY-MM..YYYY-MM' };
  if (range.start > range.end) return { reason: 'starts after it ends' };
  if (monthsIn(range).length > MAX_MONTHS)
    return { reason: `spans more than ${MAX_MONTHS} months` };
  return { range };
}

/** Every month of the range, in order. */
export function monthsIn(range: MonthRange): string[] {
  const out: string[] = [];
  let [y, m] = range.start.split('-').map(Number) as [number, number];
  const [ey, em] = range.end.split('-').map(Number) as [number, number];
  while (y < ey || (y === ey && m <= em)) {
    out.push(`${y}-${pad(m)}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    if (out.length > MAX_MONTHS) break;
  }
  return out;
}

/** First and last day (`YYYY-MM-DD`) of a month range. */
export function daysOf(range: MonthRange): { start: string; end: string } {
  const [ey, em] = range.end.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(ey, em, 0)).getUTCDate();
  return { start: `${range.start}-01`, end: `${range.end}-${pad(last)}` };
}

/**
 * The month range of a day range that covers whole months, as the gRPC Period gives it; a
 * reason when the days do not start and end on month boundaries.
 */
export function monthsOfDays(
  start: string,
  end: string,
): { range: MonthRange } | { reason: string } {
  const day = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;
  if (!day.test(start) || !day.test(end)) return { reason: 'dates must be YYYY-MM-DD' };
  const range = { start: start.slice(0, 7), end: end.slice(0, 7) };
  const whole = daysOf(range);
  if (whole.start !== start || whole.end !== end)
    return { reason: 'must cover whole months (first day to last day)' };
  return parsePeriod(`${range.start}..${range.end}`);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
