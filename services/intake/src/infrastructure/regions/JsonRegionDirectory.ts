import { loadRegionTree, RegionTree } from '@xinfang/kernel';
import type { KnownRegion, RegionDirectory } from '../../domain';

/**
 * The deployment's region tree from `libs/kernel/data/regions/<province>.json`, the same tree the
 * Keycloak groups mirror. Townships are named with their county (兴宁市兴田街道) so a notice
 * reads on its own.
 */
export class JsonRegionDirectory implements RegionDirectory {
  constructor(readonly tree: RegionTree) {}

  static forProvince(province: string): JsonRegionDirectory {
    return new JsonRegionDirectory(loadRegionTree(province));
  }

  async findMany(codes: readonly string[]): Promise<KnownRegion[]> {
    return codes.filter((c) => this.tree.has(c)).map((code) => ({ code, name: this.nameOf(code) }));
  }

  private nameOf(code: string): string {
    const node = this.tree.get(code);
    if (node.level !== 'township' || node.parent === null) return node.name;
    return `${this.tree.name(node.parent)}${node.name}`;
  }
}
