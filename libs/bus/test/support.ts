import { Logger } from '@xinfang/store';
import { Admin } from 'kafkajs';

export const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27018';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

/** Unique per run, so topics, groups and databases never collide between runs. */
export const runId = (): string =>
  `${Date.now().toString(36)}${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Quiet unless BUS_TEST_LOG is set; errors are always shown. */
export const testLogger: Logger = {
  error: (o, m) => console.error(m ?? '', o),
  warn: (o, m) => process.env.BUS_TEST_LOG && console.warn(m ?? '', o),
  info: (o, m) => process.env.BUS_TEST_LOG && console.info(m ?? '', o),
  debug: () => undefined,
};

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Total records written to a topic so far (sum of the partitions' high watermarks). */
export async function recordsIn(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
}

/** True when the group has committed every record written to the topic. */
export async function caughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every((end) => {
    if (end.high === '0') return true;
    const c = committed?.partitions.find((p) => p.partition === end.partition);
    return c !== undefined && Number(c.offset) >= Number(end.high);
  });
}
