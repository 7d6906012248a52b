import { FieldIssue, NotFoundError, ValidationError } from './errors';
import { isRegionCode, regionAncestry, regionLevel, RegionLevel } from './region';

export interface RegionEntry {
  code: string;
  name: string;
  /** When given it must agree with the level the code's digits name. */
  level?: RegionLevel;
}

export interface RegionNode {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly parent: string | null;
}

/**
 * The administrative tree of one deployment (e.g. the Keycloak group tree). Each region's parent
 * is the nearest region above it by code; every region but a province must have its parent in
 * the tree, so the tree is complete from the province down.
 */
export class RegionTree {
  private readonly nodes = new Map<string, RegionNode>();
  private readonly childCodes = new Map<string, string[]>();

  constructor(entries: readonly RegionEntry[]) {
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    for (const [i, e] of entries.entries()) {
      if (!isRegionCode(e.code)) {
        issues.push({ field: `regions[${i}].code`, reason: `"${e.code}" is not a region code` });
      } else if (seen.has(e.code)) {
        issues.push({ field: `regions[${i}].code`, reason: `${e.code} is listed twice` });
      } else if (e.level !== undefined && e.level !== regionLevel(e.code)) {
        issues.push({
          field: `regions[${i}].level`,
          reason: `${e.code} is a ${regionLevel(e.code)}, not a ${e.level}`,
        });
      }
      if (typeof e.name !== 'string' || e.name.trim() === '') {
        issues.push({ field: `regions[${i}].name`, reason: 'is required' });
      }
      seen.add(e.code);
    }
    if (issues.length === 0) {
      for (const e of entries) {
        const ancestry = regionAncestry(e.code);
        const parent = ancestry.length > 1 ? ancestry[ancestry.length - 2]! : null;
        if (parent !== null && !seen.has(parent)) {
          issues.push({
            field: `regions.${e.code}`,
            reason: `parent ${parent} is not in the tree`,
          });
        }
        this.nodes.set(
          e.code,
          Object.freeze({ code: e.code, name: e.name, level: regionLevel(e.code), parent }),
        );
      }
    }
    if (issues.length > 0) throw new ValidationError(issues);
    for (const node of this.nodes.values()) {
      if (node.parent === null) continue;
      const list = this.childCodes.get(node.parent) ?? [];
      list.push(node.code);
      this.childCodes.set(node.parent, list);
    }
    for (const list of this.childCodes.values()) list.sort();
  }

  get size(): number {
    return this.nodes.size;
  }

  has(code: string): boolean {
    return this.nodes.has(code);
  }

  get(code: string): RegionNode {
    const node = this.nodes.get(code);
    if (!node) throw new NotFoundError('region', code);
    return node;
  }

  /** Provinces in the tree. */
  roots(): string[] {
    return [...this.nodes.values()]
      .filter((n) => n.parent === null)
      .map((n) => n.code)
      .sort();
  }

  parent(code: string): string | null {
    return this.get(code).parent;
  }

  children(code: string): string[] {
    this.get(code);
    return [...(this.childCodes.get(code) ?? [])];
  }

  /** Every region below `code`, depth first, not including `code`. */
  descendants(code: string): string[] {
    const out: string[] = [];
    const walk = (c: string): void => {
      for (const child of this.childCodes.get(c) ?? []) {
        out.push(child);
        walk(child);
      }
    };
    this.get(code);
    walk(code);
    return out;
  }

  /** Codes from the province down to `code` itself. */
  ancestry(code: string): string[] {
    const chain: string[] = [];
    for (let c: string | null = code; c !== null; c = this.get(c).parent) chain.unshift(c);
    return chain;
  }

  /** The scoping path, e.g. `/440000/441400/441481`. */
  path(code: string): string {
    return `/${this.ancestry(code).join('/')}`;
  }

  level(code: string): RegionLevel {
    return this.get(code).level;
  }

  name(code: string): string {
    return this.get(code).name;
  }

  /** True when `code` is `scope` or lies below it. */
  isWithin(code: string, scope: string): boolean {
    this.get(scope);
    return this.ancestry(code).includes(scope);
  }

  /**
   * The lowest region that is `codes` themselves or above all of them: the common superior to
   * which a matter involving several places goes (Art. 24). With one region of the list above
   * the others, that region is the answer. Null when the codes lie in different provinces.
   */
  commonAncestor(codes: readonly string[]): string | null {
    if (codes.length === 0) throw new ValidationError('codes', 'must name at least one region');
    const chains = codes.map((c) => this.ancestry(c));
    let common: string | null = null;
    for (let depth = 0; ; depth += 1) {
      const at = chains[0]![depth];
      if (at === undefined || chains.some((chain) => chain[depth] !== at)) return common;
      common = at;
    }
  }
}
