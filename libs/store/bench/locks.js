// Cost of a locked read-modify-write against a plain one, on the same server in the same run.
// Build first: npx turbo run build --filter=@xinfang/store...   Run: node libs/store/bench/locks.js
const { Schema } = require('mongoose');
const { closeStore, connectStore, modifyWithLock } = require('@xinfang/store');

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27018';
const SAVES = Number(process.env.SAVES ?? 500);
const DOCS = 50;
const WORKERS = 8;

async function plainModify(Model, id) {
  const doc = await Model.findById(id).exec();
  doc.value += 1;
  doc.items.push(doc.value);
  await doc.save();
}

function lockedModify(Model, id) {
  return modifyWithLock(Model, id, (doc) => {
    doc.value += 1;
    doc.items.push(doc.value);
  });
}

/** `SAVES` saves spread over `DOCS` documents by `workers` concurrent loops; ms elapsed. */
async function run(Model, modify, prefix, workers) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < SAVES) {
        const i = next++;
        await modify(Model, `${prefix}-${i % DOCS}`);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main() {
  const conn = await connectStore({ url: MONGO_URL, dbName: `bench_locks_${Date.now()}` });
  const Model = conn.model(
    'Bench',
    new Schema({ _id: String, value: { type: Number, default: 0 }, items: [Number] }),
  );
  const prefixes = ['warm', 'plain1', 'locked1', 'plainN', 'lockedN'];
  await Model.insertMany(
    prefixes.flatMap((p) => Array.from({ length: DOCS }, (_, i) => ({ _id: `${p}-${i}` }))),
  );
  try {
    await run(Model, lockedModify, 'warm', 1);
    const rows = [
      ['plain, 1 writer', await run(Model, plainModify, 'plain1', 1)],
      ['locked, 1 writer', await run(Model, lockedModify, 'locked1', 1)],
      [`plain, ${WORKERS} writers`, await run(Model, plainModify, 'plainN', WORKERS)],
      [`locked, ${WORKERS} writers`, await run(Model, lockedModify, 'lockedN', WORKERS)],
    ];
    console.log(`${SAVES} read-modify-write saves over ${DOCS} documents, ${MONGO_URL}`);
    for (const [name, ms] of rows)
      console.log(
        `${name.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms  ${((SAVES * 1000) / ms).toFixed(0).padStart(5)} saves/s  ${(ms / SAVES).toFixed(2)} ms/save`,
      );
    const lost = async (prefix) =>
      SAVES -
      (await Model.find({ _id: { $regex: `^${prefix}-` } }).lean()).reduce(
        (n, d) => n + d.value,
        0,
      );
    console.log(
      `updates lost with ${WORKERS} writers: plain ${await lost('plainN')}, locked ${await lost('lockedN')}`,
    );
  } finally {
    await conn.dropDatabase();
    await closeStore(conn);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
