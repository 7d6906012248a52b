#!/usr/bin/env node
// Statistics benchmark (not a test): loads N cases' events into a fresh projection through the
// service's own handler code, then reports dashboard query latency (p50/p95), the rebuild time
// from the topic, and as a baseline in the same run the raw single-document insert rate of the
// store. Runs over the built dist:
//
//   npx turbo run build --filter=@xinfang/statistics...
//   node bench/statistics/run.js [--cases 100000] [--queries 300] [--rebuild-cases N]
//                                [--baseline-inserts 5000] [--concurrency 8] [--keep]
//
// MONGO_URL and KAFKA_BROKERS default to the local servers of deploy/local/infra.sh.
'use strict';

const { performance } = require('node:perf_hooks');
const { createKafka, createProducer, ensureTopics, toKafkaMessage } = require('@xinfang/bus');
const { caseEvents, encodeCaseEvent } = require('@xinfang/contracts');
const { loadRegionTree, newEventId, newId, regionPath, tenantOf } = require('@xinfang/kernel');
const { runAsSystem, runWithContext, principalFromClaims } = require('@xinfang/principal');
const { connectStore, closeStore } = require('@xinfang/store');
const {
  GetKpis,
  initModels,
  projectionStores,
  projectionWriter,
  rebuildProjection,
  toProjectedEvent,
} = require('../../services/statistics/dist');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? true : v;
}

const CASES = Number(arg('cases', 100_000));
const QUERIES = Number(arg('queries', 300));
const REBUILD_CASES = Number(arg('rebuild-cases', CASES));
const BASELINE_INSERTS = Number(arg('baseline-inserts', Math.min(5_000, Math.max(1_000, CASES))));
const CONCURRENCY = Number(arg('concurrency', 8));
const KEEP = Boolean(arg('keep', false));
const MONGO_URL = process.env.MONGO_URL || 'mongodb://127.0.0.1:27018';
const KAFKA_BROKERS = process.env.KAFKA_BROKERS || '127.0.0.1:19092';

const quiet = { debug() {}, info() {}, warn() {}, error: (o, m) => console.error(m, o) };

// Deterministic pseudo-random numbers, so runs are comparable.
let seed = 20260301;
function rnd() {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = (list) => list[Math.floor(rnd() * list.length)];

const REGIONS = ['441481001', '441481002', '441481', '441422100', '441422', '441322100', '441322'];
const SUBJECTS = [
  'labor.wages',
  'labor.social-insurance',
  'land.expropriation',
  'housing.demolition',
  'environment.noise',
  'environment.pollution',
  'health.medical',
  'education.enrolment',
  'transport.roads',
  'civil.disputes',
];

/** One case's life, cut short at a random stage, as the services would publish it. */
function caseStream(i) {
  const region = pick(REGIONS);
  const county = tenantOf(region);
  const caseId = newId();
  const caseRef = {
    caseId,
    caseNumber: `${county}-2025-${String(i).padStart(7, '0')}`,
    tenantId: county,
    regionPath: regionPath(region),
    regionCode: region,
  };
  const month = Math.floor(rnd() * 12);
  let t = Date.UTC(2025, month, 1 + Math.floor(rnd() * 20), 1);
  const unit = {
    unitId: `unit-${county}-${Math.floor(rnd() * 20)}`,
    name: `单位${Math.floor(rnd() * 20)}`,
    regionCode: county,
  };
  const events = [];
  const add = (name, payload) => {
    t += Math.floor(rnd() * 5 + 1) * 86_400_000;
    const { type, json } = encodeCaseEvent(name, {
      caseRef,
      actor: { subject: 's', username: `clerk.${county}`, role: 'clerk' },
      occurredAt: new Date(t).toISOString(),
      ...payload,
    });
    events.push({
      id: newEventId(),
      type,
      source: 'bench',
      time: new Date(t).toISOString(),
      subject: caseId,
      tenantId: county,
      regionPath: caseRef.regionPath,
      data: json,
    });
  };
  add('CaseRegistered', {
    channel: 1 + Math.floor(rnd() * 5),
    nature: 1 + Math.floor(rnd() * 3),
    subjectCode: pick(SUBJECTS),
    title: `事项 ${i}`,
    collective: rnd() < 0.05,
    repeatCount: rnd() < 0.15 ? 1 : 0,
    skipLevel: rnd() < 0.05,
  });
  const stage = rnd();
  if (stage < 0.1) return events;
  add('CaseForwarded', { toUnit: unit, acceptanceDueDate: '2025-12-31' });
  if (rnd() < 0.1)
    add('CaseOverdue', {
      clockId: `${caseId}-a`,
      kind: caseEvents.ClockKind.CLOCK_KIND_ACCEPTANCE,
    });
  if (stage < 0.2) return events;
  add('CaseAccepted', { unit, unitRole: caseEvents.UnitRole.UNIT_ROLE_LEAD, late: rnd() < 0.1 });
  if (stage < 0.4) return events;
  add('CaseReplied', { unit, outcome: 1 + Math.floor(rnd() * 3), late: rnd() < 0.15 });
  if (rnd() < 0.7)
    add('SatisfactionRated', {
      satisfaction: 1 + Math.floor(rnd() * 3),
      source: 1,
      ratedUnit: unit,
    });
  if (rnd() < 0.5) add('CaseResolved', { settlementAgreement: true });
  if (stage < 0.5) return events;
  add('CaseClosed', {
    reason: caseEvents.ClosureReason.CLOSURE_REASON_REPLIED,
    onTime: rnd() < 0.85,
  });
  return events;
}

/** Figures so far, on stderr, so a long run shows its phases as they finish. */
function progress(phase, report) {
  console.error(`[${new Date().toISOString()}] ${phase} ${JSON.stringify(report)}`);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function baselineInsertRate(connection) {
  const collection = connection.db.collection(`bench_raw_inserts_${Date.now().toString(36)}`);
  const started = performance.now();
  for (let i = 0; i < BASELINE_INSERTS; i++) {
    await collection.insertOne({
      _id: `raw-${i}`,
      regionPath: '/440000/441400/441481',
      n: i,
      at: new Date(),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await collection.drop();
  return BASELINE_INSERTS / seconds;
}

async function main() {
  const db = `bench_statistics_${Date.now().toString(36)}`;
  const connection = await connectStore({ url: MONGO_URL, dbName: db, logger: quiet });
  const config = {
    CASE_EVENTS_TOPIC: `bench.statistics.${Date.now().toString(36)}`,
    CASE_EVENTS_DLT: `bench.statistics.${Date.now().toString(36)}.dlt`,
    STATISTICS_CONSUMER_GROUP: `bench-statistics-${Date.now().toString(36)}`,
    STATISTICS_COMPACT_BATCH: 5_000,
    STATISTICS_COMPACT_INTERVAL: 200,
    STATISTICS_LEASE_WINDOW: 60_000,
    STATISTICS_GENERATION_POLL: 5_000,
  };
  const report = { cases: CASES, store: MONGO_URL, database: db };
  try {
    report.rawInsertsPerSecond = Math.round(await baselineInsertRate(connection));

    // Load: the service's projection handler, one call per case (all its events at once).
    const writer = projectionWriter(connection, 'g0', config, () => new Date());
    await initModels(writer.models);
    const streams = [];
    let events = 0;
    const loadStarted = performance.now();
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= CASES) return;
        const stream = caseStream(i);
        if (i < REBUILD_CASES) streams.push(stream);
        events += stream.length;
        await runAsSystem('bench', () => writer.project.run(stream.map(toProjectedEvent)));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const projected = performance.now();
    for (;;) {
      const run = await runAsSystem('bench', () => writer.compact.runOnce());
      if (run.drained) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const loaded = performance.now();
    report.events = events;
    report.loadSeconds = +((loaded - loadStarted) / 1000).toFixed(1);
    report.projectSeconds = +((projected - loadStarted) / 1000).toFixed(1);
    report.compactSeconds = +((loaded - projected) / 1000).toFixed(1);
    report.eventsPerSecond = Math.round(events / ((loaded - loadStarted) / 1000));
    report.casesPerSecond = Math.round(CASES / ((loaded - loadStarted) / 1000));
    progress('loaded', report);

    // Dashboard queries: KPIs and roll-ups as analysts at each level ask for them.
    const kpis = new GetKpis(
      projectionStores(writer.models).counters,
      loadRegionTree('440000'),
      () => new Date(),
    );
    const users = [
      ['440000', '/440000'],
      ['441400', '/440000/441400'],
      ['441481', '/440000/441400/441481'],
      ['441422', '/440000/441400/441422'],
    ];
    const periods = [
      { start: '2025-03', end: '2025-03' },
      { start: '2025-01', end: '2025-03' },
      { start: '2025-01', end: '2025-12' },
    ];
    const subjects = [undefined, 'labor', 'labor.wages', 'environment'];
    const timings = [];
    for (let q = 0; q < QUERIES; q++) {
      const [region, group] = pick(users);
      const principal = principalFromClaims({
        sub: `bench-${region}`,
        preferred_username: `analyst.${region}`,
        regions: [group],
        realm_access: { roles: ['analyst'] },
      });
      const period = pick(periods);
      const subject = pick(subjects);
      const rollup = q % 2 === 1;
      const started = performance.now();
      const result = await runWithContext({ principal }, () =>
        rollup ? kpis.rollup(region, period, subject) : kpis.kpis(region, period, subject),
      );
      timings.push(performance.now() - started);
      if (q === 0) report.sampleProvinceRegistered = (rollup ? result.region : result).registered;
    }
    timings.sort((a, b) => a - b);
    report.dashboardQueries = QUERIES;
    report.dashboardP50Ms = +percentile(timings, 50).toFixed(1);
    report.dashboardP95Ms = +percentile(timings, 95).toFixed(1);
    report.dashboardMaxMs = +timings[timings.length - 1].toFixed(1);
    const all = await runWithContext(
      {
        principal: principalFromClaims({
          sub: 'b',
          preferred_username: 'operator.440000',
          regions: ['/440000'],
          realm_access: { roles: ['operator'] },
        }),
      },
      () => kpis.kpis('440000', { start: '2025-01', end: '2025-12' }),
    );
    report.countedCases = all.registered;
    progress('queried', report);

    // Rebuild: the events on a topic, read back from the beginning into a new generation.
    if (REBUILD_CASES > 0) {
      const kafka = createKafka({
        brokers: KAFKA_BROKERS,
        clientId: 'bench-statistics',
        logger: quiet,
      });
      await ensureTopics(kafka, [
        { topic: config.CASE_EVENTS_TOPIC },
        { topic: config.CASE_EVENTS_DLT },
      ]);
      const producer = createProducer(kafka);
      await producer.connect();
      const messages = streams.flat().map(toKafkaMessage);
      for (let i = 0; i < messages.length; i += 2_000) {
        await producer.send({
          topic: config.CASE_EVENTS_TOPIC,
          acks: -1,
          messages: messages.slice(i, i + 2_000),
        });
      }
      await producer.disconnect();
      const rebuilt = await rebuildProjection({
        connection,
        kafka,
        logger: quiet,
        config,
        switchWhenDone: true,
      });
      report.rebuildCases = REBUILD_CASES;
      report.rebuildEvents = rebuilt.records;
      report.rebuildSeconds = +(rebuilt.elapsedMs / 1000).toFixed(1);
      report.rebuildEventsPerSecond = Math.round(rebuilt.records / (rebuilt.elapsedMs / 1000));
      const admin = kafka.admin();
      await admin.connect();
      await admin
        .deleteTopics({ topics: [config.CASE_EVENTS_TOPIC, config.CASE_EVENTS_DLT] })
        .catch(() => undefined);
      await admin.deleteGroups([rebuilt.groupId]).catch(() => undefined);
      await admin.disconnect();
    }
    report.loadVsRawInsert = +(report.eventsPerSecond / report.rawInsertsPerSecond).toFixed(2);
    console.log(JSON.stringify(report, null, 2));
  } finally {
    if (!KEEP) await connection.dropDatabase().catch(() => undefined);
    await closeStore(connection);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
