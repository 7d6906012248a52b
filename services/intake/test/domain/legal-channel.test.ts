import { DEFAULT_INTAKE_POLICY, suggestLegalChannel } from '../../src/domain';

const keywords = DEFAULT_INTAKE_POLICY.legalChannelKeywords;

describe('suggestLegalChannel (诉访分离)', () => {
  it('suggests litigation when the narrative speaks of courts and judgments', () => {
    const suggestion = suggestLegalChannel('法院判决后对方拒不履行,我不服判决想上诉。', keywords);
    expect(suggestion?.route).toBe('litigation');
    expect(suggestion?.matched).toEqual(expect.arrayContaining(['法院', '判决', '上诉']));
  });

  it('suggests arbitration for a labour dispute already before the arbitration committee', () => {
    expect(suggestLegalChannel('公司拖欠工资,我已申请劳动争议仲裁。', keywords)?.route).toBe(
      'arbitration',
    );
  });

  it('suggests administrative reconsideration for an administrative penalty', () => {
    expect(suggestLegalChannel('对行政处罚决定不服,想申请行政复议。', keywords)?.route).toBe(
      'administrativeReconsideration',
    );
  });

  it('prefers the route with most matches', () => {
    const suggestion = suggestLegalChannel('法院已立案,仲裁委和法院都去过,判决还没下来', keywords);
    expect(suggestion?.route).toBe('litigation');
  });

  it('suggests nothing for an ordinary petition', () => {
    expect(suggestLegalChannel('小区物业乱收费,请求查处。', keywords)).toBeNull();
  });
});
