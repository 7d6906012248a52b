import { PreconditionError } from '@xinfang/kernel';
import { assertNoConflicts, assertNotice, majorityOf, type Vote } from '../../src/domain';
import { aHost, aMember, at, HANDLING_UNIT, PARTIES } from '../support/mothers';

describe('conflict of interest (回避)', () => {
  const panel = () => [aHost(), aMember('王监督'), aMember('赵律师', { kind: 'lawyer' })];

  it('accepts a panel without ties to the unit or the parties', () => {
    expect(() => assertNoConflicts(panel(), PARTIES, HANDLING_UNIT)).not.toThrow();
  });

  it('refuses a member from the handling unit, naming the member', () => {
    const p = [...panel(), aMember('孙专家', { kind: 'expert', unitId: HANDLING_UNIT.unitId })];
    expect(() => assertNoConflicts(p, PARTIES, HANDLING_UNIT)).toThrow(PreconditionError);
    expect(() => assertNoConflicts(p, PARTIES, HANDLING_UNIT)).toThrow(
      /panel member 孙专家 has a conflict of interest: works for the handling unit/,
    );
  });

  it('refuses a member by organisation name of the handling unit', () => {
    const p = [...panel(), aMember('周代表', { kind: 'deputy', organisation: HANDLING_UNIT.name })];
    expect(() => assertNoConflicts(p, PARTIES, HANDLING_UNIT)).toThrow(/周代表/);
  });

  it('refuses a member related to a party', () => {
    const p = [...panel(), aMember('吴监督', { relations: ['张三'] })];
    expect(() => assertNoConflicts(p, PARTIES, HANDLING_UNIT)).toThrow(
      /吴监督 has a conflict of interest: is related to the party 张三/,
    );
  });

  it('refuses a party sitting on the panel', () => {
    const p = [...panel(), aMember('张三')];
    expect(() => assertNoConflicts(p, PARTIES, HANDLING_UNIT)).toThrow(/张三 .*is a party/);
  });
});

describe('majority with dissent', () => {
  const host = aHost();
  const a = aMember('甲');
  const b = aMember('乙');
  const c = aMember('丙');
  const d = aMember('丁');
  const vote = (m: { id: string }, position: Vote['position'], opinion = '意见'): Vote => ({
    memberId: m.id,
    position,
    opinion,
    at: at('2026-03-10'),
  });

  it('takes the position of more than half the panel and records the dissent with opinions', () => {
    const result = majorityOf(
      [host, a, b, c, d],
      [
        vote(host, 'uphold'),
        vote(a, 'uphold'),
        vote(b, 'uphold'),
        vote(c, 'revise', '应予变更'),
        vote(d, 'revoke', '应撤销'),
      ],
    );
    expect(result.position).toBe('uphold');
    expect(result.count).toBe(3);
    expect(result.dissent).toEqual([
      { memberId: c.id, name: '丙', position: 'revise', opinion: '应予变更' },
      { memberId: d.id, name: '丁', position: 'revoke', opinion: '应撤销' },
    ]);
  });

  it('refuses without a majority', () => {
    expect(() =>
      majorityOf(
        [host, a, b, c],
        [vote(host, 'uphold'), vote(a, 'uphold'), vote(b, 'revise'), vote(c, 'revise')],
      ),
    ).toThrow(/no majority/);
  });

  it('refuses while a member has not voted, naming them', () => {
    expect(() => majorityOf([host, a, b], [vote(host, 'uphold'), vote(a, 'uphold')])).toThrow(
      /not every panel member has voted: 乙/,
    );
  });
});

describe('notice', () => {
  it('refuses a hearing sooner than the notice days', () => {
    expect(() => assertNotice(at('2026-03-04'), at('2026-03-02'), 3)).toThrow(
      /needs 3 days' notice: the earliest day is 2026-03-05/,
    );
    expect(assertNotice(at('2026-03-05'), at('2026-03-02'), 3)).toBe(3);
  });
});
