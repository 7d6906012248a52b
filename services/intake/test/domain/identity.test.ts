import {
  idNumberCheckChar,
  idNumberProblem,
  maskIdNumber,
  maskPhone,
  normalizePhone,
  phoneProblem,
  scrubPii,
} from '../../src/domain';

const TODAY = new Date('2026-03-14T02:00:00Z');

describe('Chinese resident ID numbers (GB 11643)', () => {
  it.each(['11010519491231002X', '440524188001010014', '441481198503151230', '441322197511204566'])(
    'accepts %s',
    (id) => expect(idNumberProblem(id, TODAY)).toBeNull(),
  );

  it('computes the check character, X standing for 10', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts a lower-case x and surrounding spaces', () => {
    expect(idNumberProblem(' 11010519491231002x ', TODAY)).toBeNull();
  });

  it.each([
    ['11010519491231002', 'must be 18 characters'],
    ['1101051949123100211', 'must be 18 characters'],
    ['11010519491231002A', 'must be 18 characters'],
    ['001105194912310028', 'does not start with a region code'],
    ['110105194913310027', 'does not contain a valid birth date'],
    ['110105194902300027', 'does not contain a valid birth date'],
    ['110105209901010020', 'does not contain a valid birth date'],
    ['110105194912310021', 'has a wrong check character'],
  ])('refuses %s: %s', (id, reason) => {
    expect(idNumberProblem(id, TODAY)).toContain(reason);
  });
});

describe('mainland mobile numbers', () => {
  it.each(['13812345678', '+86 138 1234 5678', '0086-19912345678', '15011112222'])(
    'accepts %s',
    (phone) => {
      expect(phoneProblem(phone)).toBeNull();
    },
  );

  it.each(['12812345678', '1381234567', '138123456789', '020-12345678', 'abc'])(
    'refuses %s',
    (phone) => {
      expect(phoneProblem(phone)).toMatch(/mainland mobile/);
    },
  );

  it('normalizes to the 11 digits', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
  });
});

describe('masks', () => {
  it('keeps the first 3 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('440524188001010014')).toBe('440***********0014');
  });

  it('keeps the first 3 and last 4 digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('stars a value too short to keep anything', () => {
    expect(maskPhone('123456')).toBe('******');
  });

  it('scrubs ID numbers and phones out of free text', () => {
    const text = '张三 440524188001010014 电话+8613812345678,编号XF-441481-20260314-000001';
    expect(scrubPii(text)).toBe(
      '张三 440***********0014 电话138****5678,编号XF-441481-20260314-000001',
    );
  });
});
