import { ConflictError } from '@xinfang/kernel';
import { Principal } from '@xinfang/principal';
import { crossTenant, isDuplicateKey } from '@xinfang/store';
import { Model } from 'mongoose';
import { UnitMember, UnitMemberDirectory, UnitMembership } from '../domain';
import { MemberDocument } from './mongo/models';

/** Membership is checked for staff acting on cases of other tenants too (co-units). */
const SHARED = crossTenant('unit membership of the acting user');

/**
 * The staff directory in `unit_members`: tenant admins place Keycloak users in units, and a user
 * acts for a unit only while placed in it. A user is matched by username or by subject (`sub`).
 */
export class MongoUnitMembers implements UnitMembership, UnitMemberDirectory {
  constructor(private readonly model: Model<MemberDocument>) {}

  async belongsTo(principal: Principal, unitId: string): Promise<boolean> {
    const who: Record<string, unknown>[] = [{ username: principal.username }];
    if (principal.subject) who.push({ subject: principal.subject });
    const found = await this.model.exists({ unitId, $or: who }).setOptions(SHARED).exec();
    return found !== null;
  }

  async list(unitId: string): Promise<UnitMember[]> {
    const docs = await this.model
      .find({ unitId })
      .sort({ username: 1 })
      .setOptions(SHARED)
      .lean<MemberDocument[]>()
      .exec();
    return docs.map((d) => ({
      unitId: d.unitId,
      username: d.username,
      subject: d.subject ?? null,
      addedAt: new Date(d.addedAt),
      addedBy: d.addedBy,
    }));
  }

  async add(member: UnitMember, unitRegionPath: string): Promise<void> {
    try {
      await this.model.create({
        _id: `${member.unitId}:${member.username}`,
        unitId: member.unitId,
        username: member.username,
        subject: member.subject,
        addedAt: member.addedAt,
        addedBy: member.addedBy,
        regionPath: unitRegionPath,
        tenantId: null,
      });
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw new ConflictError(`${member.username} is already a member of unit ${member.unitId}`);
      }
      throw err;
    }
  }

  async remove(unitId: string, username: string): Promise<boolean> {
    const r = await this.model.deleteOne({ _id: `${unitId}:${username}` }).exec();
    return r.deletedCount === 1;
  }
}
