import { ValidationError } from '@xinfang/kernel';
import { BASE_SUBJECTS, SubjectTaxonomy } from '../../src/domain';

describe('SubjectTaxonomy', () => {
  it('starts from the base subjects with their Chinese names', () => {
    const taxonomy = SubjectTaxonomy.withExtensions();
    expect(taxonomy.get('land-acquisition')?.name).toBe('征地');
    expect(taxonomy.get('litigation-related')?.name).toBe('涉法涉诉');
    expect(taxonomy.list()).toHaveLength(BASE_SUBJECTS.length);
  });

  it('lets a tenant refine a base subject, which compares as its parent', () => {
    const taxonomy = SubjectTaxonomy.withExtensions([
      { code: 'rural-homestead', name: '宅基地', parent: 'rural-affairs' },
    ]);
    expect(taxonomy.has('rural-homestead')).toBe(true);
    expect(taxonomy.rootOf('rural-homestead')).toBe('rural-affairs');
    expect(taxonomy.rootOf('demolition')).toBe('demolition');
  });

  it('refuses malformed, duplicate and parentless extensions, naming each field', () => {
    let error: unknown;
    try {
      SubjectTaxonomy.withExtensions([
        { code: 'Bad Code', name: '坏', parent: 'other' },
        { code: 'demolition', name: '拆迁2', parent: 'other' },
        { code: 'orphan', name: ' ', parent: 'nowhere' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual([
      'subjects.0.code',
      'subjects.1.code',
      'subjects.2.name',
      'subjects.2.parent',
    ]);
  });

  it('refuses an unknown code when asked for its root', () => {
    expect(() => SubjectTaxonomy.withExtensions().rootOf('nope')).toThrow(ValidationError);
  });
});
