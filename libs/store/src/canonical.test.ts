import { canonicalJson } from './canonical';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes dates as ISO strings and ObjectId-like values as hex', () => {
    expect(
      canonicalJson({
        at: new Date('2026-01-02T03:04:05.006Z'),
        id: { toHexString: () => 'ab12' },
      }),
    ).toBe('{"at":"2026-01-02T03:04:05.006Z","id":"ab12"}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});
