import { randomBytes } from 'node:crypto';
import { newId } from '@xinfang/kernel';
import type { Clock, IdGenerator, RandomSource } from '../../domain';

/** Sortable ULIDs for cases and events. */
export class UlidIdGenerator implements IdGenerator {
  newId(): string {
    return newId();
  }
}

export class SystemClock implements Clock {
  constructor(private readonly now_: () => Date = () => new Date()) {}
  now(): Date {
    return this.now_();
  }
}

/** node:crypto randomness for query codes. */
export class CryptoRandomSource implements RandomSource {
  bytes(count: number): Uint8Array {
    return randomBytes(count);
  }
}
