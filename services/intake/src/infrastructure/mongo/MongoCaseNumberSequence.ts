import { ConflictError, regionPath } from '@xinfang/kernel';
import { runAsSystem } from '@xinfang/principal';
import { isDuplicateKey } from '@xinfang/store';
import type { Model } from 'mongoose';
import type { CaseNumberSequence } from '../../domain';
import type { CaseNumberDocument } from './case-model';

const MAX_ATTEMPTS = 200;

/**
 * Daily case numbers per county (or city / province office). FerretDB v1 does not apply `$inc`
 * atomically, so each number is a document of its own, `{ _id: '<scope>:<day>:<seq>' }`: the
 * unique `_id` lets exactly one insert win, and the loser tries the next number. The last number
 * issued here is remembered, so a replica usually needs one insert per case.
 *
 * Numbers are a facility of the office, not data of the caller: a township clerk numbers in
 * their county's sequence without seeing the county's other entries, hence the system context.
 */
export class MongoCaseNumberSequence implements CaseNumberSequence {
  private readonly last = new Map<string, number>();

  constructor(private readonly model: Model<CaseNumberDocument>) {}

  next(scopeCode: string, day: string): Promise<number> {
    return runAsSystem('case-numbers', () => this.issue(scopeCode, day));
  }

  private async issue(scope: string, day: string): Promise<number> {
    const key = `${scope}:${day}`;
    let candidate = (this.last.get(key) ?? (await this.highest(scope, day))) + 1;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        await this.model.create({
          _id: `${key}:${candidate}`,
          scope,
          day,
          seq: candidate,
          regionPath: regionPath(scope),
        });
        this.last.set(key, candidate);
        return candidate;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another replica took it: continue after the highest number now issued.
        candidate = Math.max(candidate, await this.highest(scope, day)) + 1;
      }
    }
    throw new ConflictError(`case numbers of ${scope} on ${day} are too contended`);
  }

  private async highest(scope: string, day: string): Promise<number> {
    const top = await this.model
      .findOne({ scope, day }, { seq: 1 })
      .sort({ seq: -1 })
      .lean<{ seq: number }>()
      .exec();
    return top?.seq ?? 0;
  }

  /** Forgets what this replica issued (for tests that reset the database). */
  reset(): void {
    this.last.clear();
  }
}
