import { parseDocumentPackage } from '@lt/edxml';
import { realWorldPackages } from '@lt/testing';
import { headerSummary } from './submit-document.use-case';

function summaryOf(name: string) {
  const pkg = realWorldPackages().find((p) => p.name === name);
  if (!pkg) throw new Error(`${name} missing from the corpus`);
  const parsed = parseDocumentPackage(pkg.bytes, { level: 'lenient' });
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return { summary: headerSummary(parsed.value), pkg: parsed.value };
}

describe('the header summary document.submitted carries for routing', () => {
  it('fills a new document from its header', () => {
    const { summary, pkg } = summaryOf('sdk-edoc_new.edxml');
    expect(summary).toMatchObject({
      senderDocumentId: pkg.header.documentId,
      businessType: 0,
      codeNumber: pkg.header.code.codeNumber,
      subject: pkg.header.subject,
    });
    expect(summary.targetDocumentId).toBeUndefined();
    expect(summary.receiverChanges).toBeUndefined();
  });

  it.each(['sdk-edoc_update.edxml', 'provincial-edoc_update.edxml'])(
    'carries the receiver changes of an update (%s)',
    (name) => {
      const { summary, pkg } = summaryOf(name);
      expect(summary.businessType).toBe(2);
      expect(summary.targetDocumentId).toBeDefined();
      const receivers = pkg.business?.receivers ?? [];
      expect(summary.receiverChanges ?? []).toEqual(
        receivers.map((r) => ({ organId: r.organId, change: r.receiverType === 1 ? 'added' : 'removed' })),
      );
    },
  );

  it('carries the replacements of a replacement', () => {
    const { summary, pkg } = summaryOf('sdk-edoc_replacement.edxml');
    expect(summary.businessType).toBe(3);
    expect(summary.replacements ?? []).toEqual(
      (pkg.business?.replacements ?? []).map((r) => ({ documentId: r.documentId, organIds: r.organIds })),
    );
    expect(summary.targetDocumentId).toBeDefined();
  });
});
