import { access } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { LetterRenderer } from '../../domain/ports';
import type { RenderedNotice } from '../../domain/templates';

/** Printed letters as A4 PDF with an embedded CJK font (subset by pdfkit). */
export class PdfKitLetterRenderer implements LetterRenderer {
  constructor(private readonly font: { path: string; name?: string }) {}

  async problem(): Promise<string | undefined> {
    try {
      await access(this.font.path);
      return undefined;
    } catch {
      return `CJK font not found at FONT_CJK_PATH=${this.font.path}`;
    }
  }

  async render(
    notice: RenderedNotice,
    recipient: { name: string; address: string },
  ): Promise<Buffer> {
    const missing = await this.problem();
    if (missing) throw new Error(missing);
    const doc = new PDFDocument({ size: 'A4', margin: 72, info: { Title: notice.title } });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    const isCollection = this.font.path.toLowerCase().endsWith('.ttc');
    doc.registerFont('cjk', this.font.path, isCollection ? this.font.name : undefined);
    doc.font('cjk');
    doc.fontSize(10).text(recipient.address);
    doc.text(`${recipient.name} 收`);
    doc.moveDown(2);
    doc.fontSize(18).text(notice.title, { align: 'center' });
    doc.moveDown();
    doc.fontSize(12).text(notice.body, { lineGap: 6 });
    doc.end();
    return done;
  }
}
