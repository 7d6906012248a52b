import { ACCUSED_UNIT_NOTICE, mustRedactFor, redactForRecipient } from '../../src/domain';
import { aCaseView } from '../support/mothers';

describe('redactForRecipient', () => {
  const view = aCaseView({ accusedUnitIds: ['xn-zrzyj', 'xn-t1'] });

  it('withholds the informant and the materials from a unit named as accused', () => {
    const shown = redactForRecipient(view, 'xn-zrzyj');
    expect(shown.petitioners).toEqual([]);
    expect(shown.materials).toEqual([]);
    expect(shown.content).toBeNull();
    expect(shown.anonymous).toBe(true);
    expect(shown.accusedUnitIds).toEqual([]);
    expect(shown.redaction).toEqual({ reason: 'accusedUnit', notice: ACCUSED_UNIT_NOTICE });
    expect(shown).toMatchObject({
      caseId: view.caseId,
      caseNumber: view.caseNumber,
      title: view.title,
      subjectCode: view.subjectCode,
    });
  });

  it('leaves nothing of the informant anywhere in the redacted view', () => {
    const text = JSON.stringify(redactForRecipient(view, 'xn-t1'));
    for (const secret of [
      '张三',
      '441481199001011234',
      '13800000000',
      '兴田街道',
      '转账记录',
      '收受礼金。',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('gives every other recipient the full view', () => {
    expect(redactForRecipient(view, 'xn-gov')).toBe(view);
    const nobodyAccused = aCaseView();
    expect(redactForRecipient(nobodyAccused, 'xn-zrzyj')).toBe(nobodyAccused);
  });

  it('protects a named unit whatever the recorded nature', () => {
    const claim = aCaseView({ nature: 'claim', accusedUnitIds: ['xn-rsj'] });
    expect(mustRedactFor(claim, 'xn-rsj')).toBe(true);
    expect(redactForRecipient(claim, 'xn-rsj').petitioners).toEqual([]);
  });
});
