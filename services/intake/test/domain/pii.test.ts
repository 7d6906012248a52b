import { maskPetitioner, mayViewPii, petitionerKeys } from '../../src/domain';
import { HmacKeyHasher } from '../support/doubles';
import { clerkAt, handlerAt, staffAt, system, ZHANG } from '../support/mothers';

const countyCase = { regionPath: '/440000/441400/441481', nature: 'claim' as const };
const cityCase = { regionPath: '/440000/441400', nature: 'claim' as const };

describe('mayViewPii', () => {
  it('lets clerks and handlers of the owning office see ID numbers and phones', () => {
    expect(mayViewPii(clerkAt('441481'), countyCase)).toBe(true);
    expect(mayViewPii(handlerAt('441481'), countyCase)).toBe(true);
    expect(
      mayViewPii(clerkAt('441481'), {
        ...countyCase,
        regionPath: '/440000/441400/441481/441481001',
      }),
    ).toBe(true);
    expect(mayViewPii(clerkAt('441400'), cityCase)).toBe(true);
  });

  it('masks for other tenants and for higher levels that only see the case', () => {
    expect(mayViewPii(clerkAt('441422'), countyCase)).toBe(false);
    expect(mayViewPii(clerkAt('441400'), countyCase)).toBe(false);
    expect(mayViewPii(clerkAt('441481'), cityCase)).toBe(false);
    expect(mayViewPii(clerkAt('441481001'), countyCase)).toBe(false);
  });

  it('masks for every other role, for clients and for system work', () => {
    for (const role of [
      'unit-head',
      'case-leader',
      'supervisor',
      'hearing-officer',
      'analyst',
      'tenant-admin',
      'operator',
    ] as const) {
      expect(mayViewPii(staffAt('441481', role), countyCase)).toBe(false);
    }
    expect(mayViewPii(staffAt('441481', 'service'), countyCase)).toBe(false);
    expect(mayViewPii(system(), countyCase)).toBe(false);
  });

  it('keeps an informant hidden from handlers: only the clerk sees them on an accusation', () => {
    const accusation = { ...countyCase, nature: 'accusation' as const };
    expect(mayViewPii(handlerAt('441481'), accusation)).toBe(false);
    expect(mayViewPii(clerkAt('441481'), accusation)).toBe(true);
  });
});

describe('petitioner data', () => {
  it('masks ID number and phone and leaves the rest', () => {
    expect(maskPetitioner({ kind: 'realName', ...ZHANG })).toEqual({
      kind: 'realName',
      name: ZHANG.name,
      idNumber: '441***********1230',
      phone: '138****5678',
      address: ZHANG.address,
    });
    expect(maskPetitioner({ kind: 'anonymous' })).toEqual({ kind: 'anonymous' });
  });

  it('derives one keyed hash per ID number and phone, never the plain values', () => {
    const hasher = new HmacKeyHasher();
    const keys = petitionerKeys(
      [
        { kind: 'realName', ...ZHANG },
        { kind: 'realName', name: '张三', idNumber: ZHANG.idNumber, phone: null, address: null },
        { kind: 'anonymous' },
      ],
      hasher,
    );
    expect(keys).toEqual([
      hasher.keyOf('idNumber', ZHANG.idNumber),
      hasher.keyOf('phone', ZHANG.phone),
    ]);
    expect(keys.join()).not.toContain(ZHANG.idNumber);
    expect(new HmacKeyHasher('other-key').keyOf('idNumber', ZHANG.idNumber)).not.toBe(keys[0]);
  });
});
