import type { DecodedCaseEvent } from '@xinfang/contracts';

/** A case event as the projection sees it: the envelope attributes and the decoded payload. */
export interface ProjectedEvent {
  /** ce_id; everything the projection writes is keyed by it, so redelivery changes nothing. */
  readonly id: string;
  /** ce_type. */
  readonly type: string;
  /** ce_source: the producing service. */
  readonly source: string;
  /** ce_time. */
  readonly time: Date;
  /** The case id (ce_subject). */
  readonly caseId: string;
  readonly regionPath: string;
  readonly tenantId: string | null;
  readonly decoded: DecodedCaseEvent;
}

/** Lower-camel name of a proto enum value: `CHANNEL_ONLINE` → `online`, 0 → null. */
export function enumName(
  value: number | undefined,
  names: Record<number, string>,
  prefix: string,
): string | null {
  if (!value) return null;
  const raw = names[value];
  if (raw === undefined || raw === 'UNRECOGNIZED') return null;
  return raw
    .slice(prefix.length)
    .toLowerCase()
    .replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** When the event happened: the payload's `occurredAt`, else ce_time. */
export function occurredAt(event: ProjectedEvent): Date {
  const at = (event.decoded.payload as { occurredAt?: string }).occurredAt;
  const parsed = at ? new Date(at) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : event.time;
}
