import { randomBytes } from 'node:crypto';
import { PdfKitLetterRenderer } from '../../src/infrastructure/channels/PdfKitLetterRenderer';
import { SecretBox } from '../../src/infrastructure/crypto';

describe('letter renderer', () => {
  it('names the missing font, and refuses to render without it', async () => {
    const renderer = new PdfKitLetterRenderer({ path: '/nonexistent/cjk.ttc' });
    expect(await renderer.problem()).toBe(
      'CJK font not found at FONT_CJK_PATH=/nonexistent/cjk.ttc',
    );
    await expect(
      renderer.render(
        { title: '受理告知书', body: '正文', sms: '' },
        { name: '张三', address: '地址' },
      ),
    ).rejects.toThrow('FONT_CJK_PATH');
  });
});

describe('SecretBox', () => {
  it('seals so that only the same key opens, and never leaves the plain text visible', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('13800001234');
    expect(sealed).not.toContain('13800001234');
    expect(box.seal('13800001234')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('13800001234');
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });
});
