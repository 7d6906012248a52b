import { ForbiddenError } from '@xinfang/kernel';
import { runAsSystem, currentPrincipal } from '@xinfang/principal';
import { assertActsFor, assertCanManageDirectory } from '../../src/domain';
import { ref, staff } from '../support/mothers';

describe('acting for a unit', () => {
  it('needs the role and the unit region exactly', () => {
    expect(
      assertActsFor(
        staff('handler', '441481'),
        ref('hr'),
        ['handler', 'unit-head'],
        'accept cases',
      ),
    ).toBe('handler');
    expect(
      assertActsFor(
        staff(['handler', 'unit-head'], '441481'),
        ref('hr'),
        ['unit-head', 'handler'],
        'x',
      ),
    ).toBe('unit-head');
    expect(() =>
      assertActsFor(staff('clerk', '441481'), ref('hr'), ['handler'], 'accept cases'),
    ).toThrow('only a handler may accept cases');
    // A county handler does not act for a township, nor a township handler for the county.
    expect(() =>
      assertActsFor(staff('handler', '441481'), ref('town1'), ['handler'], 'accept cases'),
    ).toThrow(ForbiddenError);
    expect(() =>
      assertActsFor(staff('handler', '441481001'), ref('hr'), ['handler'], 'accept cases'),
    ).toThrow(ForbiddenError);
    expect(() =>
      assertActsFor(staff('handler', '441422'), ref('hr'), ['handler'], 'accept cases'),
    ).toThrow(/does not act for/);
  });

  it('lets city staff act for city units only', () => {
    expect(assertActsFor(staff('clerk', '441400'), ref('cityOffice'), ['clerk'], 'dispose')).toBe(
      'clerk',
    );
    expect(() =>
      assertActsFor(staff('clerk', '441400'), ref('office'), ['clerk'], 'dispose'),
    ).toThrow(ForbiddenError);
  });
});

describe('managing the directory', () => {
  it('belongs to the tenant admin in the tenant and to city or province staff at their own region', () => {
    expect(() =>
      assertCanManageDirectory(
        staff('tenant-admin', '441481'),
        '/440000/441400/441481/441481001',
        'units',
      ),
    ).not.toThrow();
    expect(() =>
      assertCanManageDirectory(staff('tenant-admin', '441481'), '/440000/441400/441422', 'units'),
    ).toThrow(ForbiddenError);
    expect(() =>
      assertCanManageDirectory(staff('tenant-admin', '441400'), '/440000/441400', 'units'),
    ).not.toThrow();
    expect(() =>
      assertCanManageDirectory(staff('tenant-admin', '441400'), '/440000/441400/441481', 'units'),
    ).toThrow(ForbiddenError);
    expect(() =>
      assertCanManageDirectory(staff('operator', '440000'), '/440000', 'units'),
    ).not.toThrow();
    expect(() =>
      assertCanManageDirectory(staff('operator', '440000'), '/440000/441400', 'units'),
    ).toThrow(ForbiddenError);
    expect(() =>
      assertCanManageDirectory(staff('clerk', '441481'), '/440000/441400/441481', 'units'),
    ).toThrow('only a tenant admin or operator may manage units');
  });

  it('is open to system tasks', () => {
    runAsSystem('seed', () =>
      expect(() => assertCanManageDirectory(currentPrincipal(), '/440000', 'units')).not.toThrow(),
    );
  });
});
