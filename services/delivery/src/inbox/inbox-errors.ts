/** A coded failure of an inbox query: the code travels back to intake in the query reply. */
export class InboxError extends Error {
  override readonly name = 'InboxError';
  constructor(
    readonly code:
      'INBOX_BAD_REQUEST' | 'INBOX_ITEM_NOT_FOUND' | 'INBOX_ITEM_ACKNOWLEDGED' | 'DOCUMENT_NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}
