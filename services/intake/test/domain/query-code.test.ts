import {
  hashQueryCode,
  isQueryCode,
  newQueryCode,
  normalizeQueryCode,
  QUERY_CODE_ALPHABET,
  QUERY_CODE_LENGTH,
  queryCodeMatches,
} from '../../src/domain';
import { cryptoRandom } from '../support/doubles';

describe('query codes', () => {
  it('are 12 characters of Crockford base32', () => {
    const code = newQueryCode(cryptoRandom);
    expect(code).toHaveLength(QUERY_CODE_LENGTH);
    expect([...code].every((c) => QUERY_CODE_ALPHABET.includes(c))).toBe(true);
    expect(isQueryCode(code)).toBe(true);
  });

  it('map every byte value onto the alphabet uniformly', () => {
    const bytes = Uint8Array.from([0, 31, 32, 255, 64, 95, 1, 33, 2, 34, 3, 35]);
    expect(newQueryCode({ bytes: () => bytes })).toBe('0Z0Z0Z112233');
  });

  it('differ from one submission to the next', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newQueryCode(cryptoRandom)));
    expect(codes.size).toBe(200);
  });

  it('refuse a random source that returns too few bytes', () => {
    expect(() => newQueryCode({ bytes: () => new Uint8Array(4) })).toThrow();
  });

  it('are matched against the stored hash, forgiving case, hyphens and look-alike letters', () => {
    const hash = hashQueryCode('AB01-CD23-EF45');
    expect(hash).not.toContain('AB01');
    expect(queryCodeMatches('ab01cd23ef45', hash)).toBe(true);
    expect(queryCodeMatches('ABO1-CD23-EF45', hash)).toBe(true);
    expect(queryCodeMatches('AB01-CD23-EF46', hash)).toBe(false);
    expect(normalizeQueryCode('il o')).toBe('110');
  });

  it('recognise malformed input', () => {
    expect(isQueryCode('short')).toBe(false);
    expect(isQueryCode('AB01CD23EF4U')).toBe(false);
  });
});
