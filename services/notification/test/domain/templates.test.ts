import { ValidationError } from '@xinfang/kernel';
import {
  checkTemplate,
  DEFAULT_TEMPLATES,
  placeholdersOf,
  render,
  renderNotice,
  TEMPLATE_CODES,
} from '../../src/domain/templates';

describe('templates', () => {
  it('substitutes placeholders with the values as given', () => {
    expect(
      render('{{name}}:您的事项{{ caseNumber }}已受理。', { name: '张三', caseNumber: 'XF-1' }),
    ).toBe('张三:您的事项XF-1已受理。');
  });

  it('does not interpret replacement patterns or markup in values', () => {
    expect(render('{{a}}', { a: '$& $1 {{b}}' })).toBe('$& $1 {{b}}');
  });

  it('refuses a missing variable, naming it', () => {
    try {
      render('{{name}} {{reason}}', { name: '李四' });
      throw new Error('rendered');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues).toEqual([
        { field: 'variables.reason', reason: 'is required by the template' },
      ]);
    }
  });

  it('accepts only {{name}} placeholders, no expressions', () => {
    expect(placeholdersOf('{{a}} {{b_2}} {{a}}')).toEqual(['a', 'b_2']);
    for (const bad of [
      '{{a.b}}',
      '{{constructor.constructor("x")()}}',
      '{{#if a}}',
      '{{ }}',
      'x}}',
    ])
      expect(() => placeholdersOf(bad)).toThrow(ValidationError);
    expect(() =>
      checkTemplate({ code: 'acceptance-notice', title: 't', body: '{{process}}', sms: '{{x' }),
    ).toThrow(ValidationError);
  });

  it('ships a Chinese default for every code, each well formed', () => {
    for (const code of TEMPLATE_CODES) {
      const t = DEFAULT_TEMPLATES[code];
      expect(t.code).toBe(code);
      expect(checkTemplate(t)).toBe(t);
      expect(t.title).toMatch(/[\u4e00-\u9fff]/);
    }
    const decline = renderNotice(DEFAULT_TEMPLATES['decline-notice'], {
      name: '王五',
      caseNumber: 'XF441481-20260305-0001',
      unitName: '兴宁市人力资源和社会保障局',
      reason: '属于劳动争议',
      guidance: '请依法向劳动人事争议仲裁委员会申请仲裁。',
      issuer: '兴宁市人力资源和社会保障局',
      issuedDate: '2026年3月5日',
    });
    expect(decline.title).toBe('信访事项不予受理告知书');
    expect(decline.body).toContain('请依法向劳动人事争议仲裁委员会申请仲裁');
  });
});
