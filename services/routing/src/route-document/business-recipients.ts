import { DocumentHeaderSummary } from '@lt/contracts';

/**
 * Who a revocation (1), update (2) or replacement (3) is addressed to, from the earlier document's
 * recipients: a revocation goes to all of them; an update to them plus the agencies its ReceiverList
 * adds, minus those it removes; a replacement to the agencies its ReplacementInfo lists (or, when it
 * lists none, the earlier document's recipients).
 */
export function recipientsOfBusinessPackage(
  businessType: number,
  header: DocumentHeaderSummary,
  earlierRecipients: readonly string[],
): string[] {
  if (businessType === 2 && header.receiverChanges?.length) {
    const removed = new Set(
      header.receiverChanges.filter((c) => c.change === 'removed').map((c) => c.organId),
    );
    const added = header.receiverChanges.filter((c) => c.change === 'added').map((c) => c.organId);
    return [...new Set([...earlierRecipients.filter((c) => !removed.has(c)), ...added])];
  }
  if (businessType === 3) {
    const listed = (header.replacements ?? []).flatMap((r) => r.organIds);
    if (listed.length) return [...new Set(listed)];
  }
  return [...earlierRecipients];
}
