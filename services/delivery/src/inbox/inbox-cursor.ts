/**
 * Inbox pages are ordered by priority (highest first), then by queueing order. A cursor is the last
 * item's (priority, sequence), opaque to the agency (base64url of JSON).
 */
export interface InboxPosition {
  priority: number;
  seq: string;
}

export function encodeCursor(position: InboxPosition): string {
  return Buffer.from(JSON.stringify([position.priority, position.seq])).toString('base64url');
}

/** The position in a cursor, or null when it was not produced by encodeCursor. */
export function decodeCursor(cursor: string): InboxPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isInteger(value[0]) &&
      typeof value[1] === 'string' &&
      /^\d{1,19}$/.test(value[1])
    ) {
      return { priority: value[0] as number, seq: value[1] };
    }
  } catch {
    // fall through: not a cursor of ours
  }
  return null;
}
