import { createHash } from 'node:crypto';
import { codeOfPath, ConflictError, UnauthenticatedError } from '@xinfang/kernel';
import { currentContext } from '@xinfang/principal';
import { Connection, Model, Schema } from 'mongoose';
import { canonicalJson } from './canonical';
import { Logger, silentLogger } from './logger';
import { readScopeFilter, tenantIdOf } from './scope';

/** What the caller says happened. Who and from where come from the request context. */
export interface AuditInput {
  /** What was done, e.g. `read`, `register`, `forward`, `export`. */
  action: string;
  /** The kind of thing, e.g. `case`, `petitioner`. */
  entity: string;
  entityId: string;
  /** Region path of the entity; decides the chain the entry joins. */
  regionPath: string;
  details?: Record<string, unknown>;
}

export interface AuditActor {
  kind: string;
  subject: string;
  username: string;
  roles: string[];
}

/** One stored entry. `hash` covers every other field, including the previous entry's hash. */
export interface AuditEntry {
  chain: string;
  seq: number;
  at: Date;
  actor: AuditActor;
  requestId: string | null;
  sourceIp: string | null;
  action: string;
  entity: string;
  entityId: string;
  regionPath: string;
  tenantId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { ok: true; chain: string; count: number; headHash: string }
  | { ok: false; chain: string; count: number; brokenAt: number; reason: string };

export interface AuditLogOptions {
  /** Collection name (default `audit_log`). */
  collection?: string;
  logger?: Logger;
  /** Appends retried after losing a race for the next sequence number (default 50). */
  maxAttempts?: number;
}

/** The hash a chain's first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

const MODEL_NAME = 'XinfangAuditEntry';

const actorSchema = new Schema<AuditActor>(
  { kind: String, subject: String, username: String, roles: [String] },
  { _id: false },
);

const auditSchema = new Schema<AuditEntry>(
  {
    chain: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
    requestId: { type: String, default: null },
    sourceIp: { type: String, default: null },
    action: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    regionPath: { type: String, required: true },
    tenantId: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, minimize: false, strict: 'throw' },
);
// The unique (chain, seq) pair is what keeps concurrent appends from forking a chain.
auditSchema.index({ chain: 1, seq: 1 }, { unique: true });
auditSchema.index({ entity: 1, entityId: 1 });

/** The chain an entry joins: its tenant, or the city/province code for documents above counties. */
export function auditChainOf(regionPath: string): string {
  return tenantIdOf(regionPath) ?? codeOfPath(regionPath);
}

/** SHA-256 over the canonical JSON of the entry without its own hash. */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const {
    chain,
    seq,
    at,
    actor,
    requestId,
    sourceIp,
    action,
    entity,
    entityId,
    regionPath,
    tenantId,
    details,
    prevHash,
  } = entry;
  const body = {
    chain,
    seq,
    at,
    actor,
    requestId,
    sourceIp,
    action,
    entity,
    entityId,
    regionPath,
    tenantId,
    details,
    prevHash,
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * The tamper-evident audit log (DESIGN §6): one hash chain per tenant, appended without
 * transactions. An append reads the chain head, links to its hash and inserts the next sequence
 * number; a concurrent append that took the same number makes the unique index refuse the insert,
 * and the loser retries on the new head.
 */
export class AuditLog {
  readonly model: Model<AuditEntry>;
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private indexes?: Promise<unknown>;
  /** Appends from this process queue per chain, so only other replicas can race for a number. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(connection: Connection, options: AuditLogOptions = {}) {
    const collection = options.collection ?? 'audit_log';
    const name = `${MODEL_NAME}:${collection}`;
    this.model =
      (connection.models[name] as Model<AuditEntry> | undefined) ??
      connection.model<AuditEntry>(name, auditSchema, collection);
    this.logger = options.logger ?? silentLogger;
    this.maxAttempts = options.maxAttempts ?? 50;
  }

  /** Records who did what to which entity, from where; throws outside a request or system context. */
  async record(input: AuditInput): Promise<AuditEntry> {
    const ctx = currentContext();
    if (!ctx)
      throw new UnauthenticatedError('an audited action needs a principal in the current context');
    const { principal } = ctx;
    const chain = auditChainOf(input.regionPath);
    const base = {
      chain,
      at: new Date(),
      actor: {
        kind: principal.kind,
        subject: principal.subject,
        username: principal.username,
        roles: [...principal.roles],
      },
      requestId: ctx.requestId ?? null,
      sourceIp: ctx.sourceIp ?? null,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId,
      regionPath: input.regionPath,
      tenantId: tenantIdOf(input.regionPath),
      // Stored exactly as hashed: a JSON round trip turns dates into strings and drops undefined.
      details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
    };
    await this.ensureIndexes();
    const previous = this.tails.get(chain) ?? Promise.resolve();
    const appended = previous.then(() => this.append(base));
    const tail = appended.catch(() => undefined);
    this.tails.set(chain, tail);
    void tail.then(() => {
      if (this.tails.get(chain) === tail) this.tails.delete(chain);
    });
    return appended;
  }

  private async append(base: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): Promise<AuditEntry> {
    const { chain } = base;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const head = await this.model
        .findOne({ chain }, { seq: 1, hash: 1 })
        .sort({ seq: -1 })
        .lean();
      const unsigned = { ...base, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS_HASH };
      const entry: AuditEntry = { ...unsigned, hash: auditHash(unsigned) };
      try {
        await this.model.create(entry);
        return entry;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        this.logger.debug({ chain, seq: entry.seq, attempt }, 'audit append raced, retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
    throw new ConflictError(`audit chain ${chain} is too busy to append`);
  }

  /** Walks the chain in order, checking numbering, links and hashes. */
  async verify(chain: string): Promise<AuditVerification> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let count = 0;
    const cursor = this.model.find({ chain }).sort({ seq: 1 }).lean().cursor();
    for await (const raw of cursor) {
      const { _id: _ignored, ...entry } = raw as AuditEntry & { _id: unknown };
      const broken = (reason: string): AuditVerification => ({
        ok: false,
        chain,
        count,
        brokenAt: entry.seq,
        reason,
      });
      if (entry.seq !== expectedSeq)
        return broken(`expected entry ${expectedSeq}, found ${entry.seq}`);
      if (entry.prevHash !== prevHash) return broken('does not link to the previous entry');
      if (auditHash(entry) !== entry.hash) return broken('content does not match its hash');
      prevHash = entry.hash;
      expectedSeq++;
      count++;
    }
    return { ok: true, chain, count, headHash: prevHash };
  }

  /** The entries about one entity that the current principal may see, oldest first. */
  async trail(entity: string, entityId: string): Promise<AuditEntry[]> {
    const ctx = currentContext();
    if (!ctx)
      throw new UnauthenticatedError(
        'reading the audit log needs a principal in the current context',
      );
    const scope = readScopeFilter(ctx.principal);
    const filter = { entity, entityId, ...(scope ? { $and: [scope] } : {}) };
    return this.model.find(filter, { _id: 0 }).sort({ at: 1, seq: 1 }).lean<AuditEntry[]>();
  }

  private ensureIndexes(): Promise<unknown> {
    this.indexes ??= this.model.init();
    return this.indexes;
  }
}

const logs = new WeakMap<Connection, AuditLog>();

/** The audit log of a connection's database (one instance per connection). */
export function auditLog(connection: Connection): AuditLog {
  let log = logs.get(connection);
  if (!log) {
    log = new AuditLog(connection);
    logs.set(connection, log);
  }
  return log;
}

/** Appends an entry to the audit log of `connection`; who and from where come from the context. */
export function recordAudit(connection: Connection, input: AuditInput): Promise<AuditEntry> {
  return auditLog(connection).record(input);
}

/** Verifies one chain (a tenant id, or a city/province code) of the audit log of `connection`. */
export function verifyAuditChain(
  connection: Connection,
  chain: string,
): Promise<AuditVerification> {
  return auditLog(connection).verify(chain);
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
