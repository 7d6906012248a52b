import { ConflictError, ForbiddenError, NotFoundError } from '@xinfang/kernel';
import { systemPrincipal } from '@xinfang/principal';
import { DisposeCase, GetDossier, ManageUnitMembers, StartRouting } from '../../src/application';
import { UnitMember, UnitMemberDirectory } from '../../src/domain';
import { harness, Harness } from '../support/harness';
import { aCaseView, MONDAY, ref, staff } from '../support/mothers';

const clerk = staff('clerk', '441481');

class InMemoryMembers implements UnitMemberDirectory {
  readonly rows: UnitMember[] = [];
  async list(unitId: string): Promise<UnitMember[]> {
    return this.rows.filter((m) => m.unitId === unitId);
  }
  async add(member: UnitMember): Promise<void> {
    if (this.rows.some((m) => m.unitId === member.unitId && m.username === member.username)) {
      throw new ConflictError('already a member');
    }
    this.rows.push(member);
  }
  async remove(unitId: string, username: string): Promise<boolean> {
    const i = this.rows.findIndex((m) => m.unitId === unitId && m.username === username);
    if (i < 0) return false;
    this.rows.splice(i, 1);
    return true;
  }
}

/** A real-name accusation registered in Xingning, naming nobody yet. */
async function accusation(h: Harness) {
  h.caseViews.views.set('case-1', aCaseView());
  await new StartRouting(h).execute(systemPrincipal('consumer'), {
    caseId: 'case-1',
    caseNumber: 'XF-441481-20260302-000001',
    tenantId: '441481',
    regionCode: '441481',
    subjectCode: 'organisation-personnel',
    nature: 'accusation',
    receivedAt: MONDAY,
    registeredAt: MONDAY,
    office: ref('office'),
  });
}

describe('accused units named by the clerk at disposal', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await accusation(h);
  });

  it('redact the case for them, in the deliveries and in the dossier they read', async () => {
    const { deliveries, state } = await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      leadUnitId: 'xn-zrzyj',
      coUnitIds: ['xn-rsj'],
      accusedUnitIds: ['xn-rsj'],
    });
    expect(state.accusedUnitIds).toEqual(['xn-rsj']);
    expect(deliveries.map((d) => [d.unit.unitId, d.redacted])).toEqual([
      ['xn-zrzyj', false],
      ['xn-rsj', true],
    ]);
    const dossiers = new GetDossier(h);
    const accused = await dossiers.execute(staff('handler', '441481'), {
      caseId: 'case-1',
      unitId: 'xn-rsj',
    });
    expect(accused).toMatchObject({
      petitioners: [],
      materials: [],
      content: null,
      anonymous: true,
      accusedUnitIds: [],
      redaction: { reason: 'accusedUnit' },
    });
    const lead = await dossiers.execute(staff('handler', '441481', 'handler2.441481'), {
      caseId: 'case-1',
      unitId: 'xn-zrzyj',
    });
    expect(lead.petitioners[0]!.name).toBe('张三');
    expect(lead.accusedUnitIds).toEqual(['xn-rsj']);
    expect(await dossiers.execute(clerk, { caseId: 'case-1' })).toMatchObject({
      redaction: null,
      accusedUnitIds: ['xn-rsj'],
    });
  });

  it('must be units of the directory, named before the case leaves the office', async () => {
    await expect(
      new DisposeCase(h).execute(clerk, {
        action: 'forward',
        caseId: 'case-1',
        leadUnitId: 'xn-rsj',
        accusedUnitIds: ['no-such-unit'],
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'accusedUnitIds.0' }] });
    expect((await h.cases.get('case-1'))!.status).toBe('registered');
  });

  it('is read only by the staff of a unit the case is with', async () => {
    await new DisposeCase(h).execute(clerk, {
      action: 'forward',
      caseId: 'case-1',
      leadUnitId: 'xn-rsj',
    });
    const dossiers = new GetDossier(h);
    // handler2 works for the natural-resources bureau, which was not sent the case.
    await expect(
      dossiers.execute(staff('handler', '441481', 'handler2.441481'), {
        caseId: 'case-1',
        unitId: 'xn-rsj',
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      dossiers.execute(staff('handler', '441422'), { caseId: 'case-1', unitId: 'xn-rsj' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(dossiers.execute(staff('clerk', '441422'), { caseId: 'case-1' })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('ManageUnitMembers', () => {
  let h: Harness;
  let members: InMemoryMembers;
  let manage: ManageUnitMembers;
  const admin = staff('tenant-admin', '441481');
  beforeEach(async () => {
    h = await harness();
    members = new InMemoryMembers();
    manage = new ManageUnitMembers({ ...h, members });
  });

  it('places users in the county units and takes them out', async () => {
    const added = await manage.add(admin, { unitId: 'xn-rsj', username: 'handler.441481' });
    expect(added).toMatchObject({
      unitId: 'xn-rsj',
      username: 'handler.441481',
      addedBy: 'tenant-admin.441481',
    });
    expect(await manage.list(admin, 'xn-rsj')).toHaveLength(1);
    await expect(
      manage.add(admin, { unitId: 'xn-rsj', username: 'handler.441481' }),
    ).rejects.toThrow(ConflictError);
    await manage.remove(admin, 'xn-rsj', 'handler.441481');
    await expect(manage.remove(admin, 'xn-rsj', 'handler.441481')).rejects.toThrow(NotFoundError);
  });

  it('refuses other counties, other roles and bad usernames', async () => {
    await expect(
      manage.add(staff('tenant-admin', '441422'), { unitId: 'xn-rsj', username: 'x.441422' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(manage.add(clerk, { unitId: 'xn-rsj', username: 'x' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      manage.add(admin, { unitId: 'xn-rsj', username: 'two words' }),
    ).rejects.toMatchObject({ issues: [{ field: 'username' }] });
    await expect(manage.add(admin, { unitId: 'nope', username: 'a' })).rejects.toThrow(
      NotFoundError,
    );
    expect(members.rows).toEqual([]);
  });
});
