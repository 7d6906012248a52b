// Time to sweep due clocks among many open ones, with the raw insert rate of the same server as
// the baseline. Not a test. Build first: npx turbo run build --filter=@xinfang/supervision...
// Run: node bench/supervision/sweep.js [--open 100000] [--due 10000] [--batch 500]
//      (full run: --open 1000000 --due 100000). MONGO_URL as for the services.
const { parseArgs } = require('node:util');
const { loadHolidayCalendar, newId } = require('@xinfang/kernel');
const { runAsSystem } = require('@xinfang/principal');
const { closeStore, connectStore } = require('@xinfang/store');
const {
  CaseClock,
  DEFAULT_SUPERVISION_POLICY,
  MongoClockRepository,
  MongoSupervisionPolicyProvider,
  MongoSupervisionRecordRepository,
  SweepDueClocks,
  SystemClock,
  UlidIdGenerator,
  clockDocument,
  ensureSupervisionIndexes,
  supervisionModels,
} = require('@xinfang/supervision');

const { values } = parseArgs({
  options: {
    open: { type: 'string', default: '100000' },
    due: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '500' },
  },
});
const OPEN = Number(values.open);
const DUE = Number(values.due);
const BATCH = Number(values.batch);
const CHUNK = 1000;
const DAY_MS = 86_400_000;
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27018';
const REGION = '/440000/441400/441481';

const calendar = loadHolidayCalendar();
const ids = new UlidIdGenerator();
const ctx = { calendar, policy: DEFAULT_SUPERVISION_POLICY, ids };
const unit = { unitId: 'unit-1', name: '住建局', regionCode: '441481' };

/** A running handling clock; overdue when started 70 days before `now`. */
function clockDocs(now, due) {
  const caseId = newId();
  const clock = CaseClock.start(
    {
      id: newId(),
      caseRef: {
        caseId,
        caseNumber: `B-${caseId.slice(-8)}`,
        tenantId: '441481',
        regionPath: REGION,
        regionCode: '441481',
      },
      kind: 'handling',
      startedAt: new Date(now.getTime() - (due ? 70 : 1) * DAY_MS),
      limit: DEFAULT_SUPERVISION_POLICY.clocks.limits.handling,
      responsibleUnit: unit,
      eventId: newId(),
    },
    ctx,
  );
  const s = clock.toState();
  const common = { tenantId: '441481', regionPath: REGION };
  return {
    clock: {
      _id: s.id,
      ...clockDocument(s),
      ...common,
      version: 1,
      outbox: [],
      outboxPending: false,
    },
    timer: { _id: s.id, nextFireAt: s.nextFireAt, leaseOwner: null, leaseUntil: null, ...common },
  };
}

const rate = (n, ms) => Math.round((n / ms) * 1000);

async function main() {
  const dbName = `bench_supervision_${Date.now().toString(36)}`;
  const connection = await connectStore({ url: MONGO_URL, dbName });
  try {
    const models = supervisionModels(connection);
    await runAsSystem('bench', () => ensureSupervisionIndexes(models));
    const now = new Date();

    // Baseline: the raw driver inserting small documents, in the same chunks.
    const raw = connection.db.collection('raw_baseline');
    let t = Date.now();
    for (let i = 0; i < OPEN; i += CHUNK) {
      const n = Math.min(CHUNK, OPEN - i);
      await raw.insertMany(Array.from({ length: n }, (_, j) => ({ _id: `r${i + j}`, n: i + j })));
    }
    const rawMs = Date.now() - t;
    await raw.drop();

    // The clocks: every clock and its timer; DUE of them overdue, spread among the others.
    const every = OPEN / Math.max(DUE, 1);
    t = Date.now();
    let dueMade = 0;
    for (let i = 0; i < OPEN; i += CHUNK) {
      const n = Math.min(CHUNK, OPEN - i);
      const docs = Array.from({ length: n }, (_, j) => {
        const due = dueMade < DUE && (i + j) % every < 1;
        if (due) dueMade += 1;
        return clockDocs(now, due);
      });
      await models.clocks.collection.insertMany(docs.map((d) => d.clock));
      await models.timers.collection.insertMany(docs.map((d) => d.timer));
    }
    const insertMs = Date.now() - t;

    const deps = {
      clocks: new MongoClockRepository(models),
      records: new MongoSupervisionRecordRepository(models),
      policies: new MongoSupervisionPolicyProvider(models),
      calendar,
      ids,
      clock: new SystemClock(() => now),
    };
    const sweep = new SweepDueClocks(deps, {
      leaseOwner: 'bench',
      leaseMs: 600_000,
      batchSize: BATCH,
    });
    t = Date.now();
    let swept = 0;
    let firings = 0;
    let passes = 0;
    for (;;) {
      const report = await runAsSystem('bench', () => sweep.execute());
      passes += 1;
      swept += report.swept.length;
      firings += report.swept.reduce((n, s) => n + s.firings.length, 0);
      if (report.failures.length > 0) throw new Error(report.failures[0].error);
      if (process.env.BENCH_VERBOSE) {
        console.error(`pass ${passes}: claimed ${report.claimed}, ${Date.now() - t} ms so far`);
      }
      if (report.claimed < BATCH) break;
    }
    const sweepMs = Date.now() - t;
    t = Date.now();
    const idle = await runAsSystem('bench', () => sweep.execute());
    const idleMs = Date.now() - t;

    const line = (label, value) => console.log(`${label.padEnd(34)} ${value}`);
    line('server', MONGO_URL);
    line('open clocks / due', `${OPEN} / ${dueMade}`);
    line('raw insert (small docs)', `${rawMs} ms, ${rate(OPEN, rawMs)} docs/s`);
    line('clock + timer insert', `${insertMs} ms, ${rate(OPEN, insertMs)} clocks/s`);
    line('sweep of the due clocks', `${sweepMs} ms in ${passes} passes of ≤ ${BATCH}`);
    line('  swept / firings', `${swept} / ${firings} (overdue + level 1 each)`);
    line(
      '  rate',
      `${rate(swept, sweepMs)} clocks/s, ${(sweepMs / Math.max(swept, 1)).toFixed(1)} ms per clock`,
    );
    line('idle sweep (nothing due)', `${idleMs} ms, claimed ${idle.claimed}`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await closeStore(connection);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
