import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** A fresh time-ordered event id (UUIDv7) for events caused by an outside request. */
export function newEventId(): string {
  return uuidv7();
}

/**
 * The id of an event that follows from another one. Deterministic, so that a handler that runs twice
 * publishes the same id and JetStream's duplicate window (Nats-Msg-Id) drops the second copy.
 * Shaped as a UUIDv7 whose timestamp is the causing event's, so ids stay roughly time-ordered.
 *
 * @param causationId id of the event being handled
 * @param type the type of the event being emitted
 * @param discriminator distinguishes several events of one type from one cause (e.g. a recipient code)
 */
export function deriveEventId(causationId: string, type: string, discriminator = ''): string {
  const digest = createHash('sha256').update(`${causationId}\u0000${type}\u0000${discriminator}`).digest();
  const bytes = Buffer.alloc(16);
  const timestamp = uuidv7Timestamp(causationId) ?? 0;
  bytes.writeUIntBE(timestamp, 0, 6);
  digest.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | (bytes[6] & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Milliseconds since the epoch encoded in a UUIDv7, or undefined for other ids. */
export function uuidv7Timestamp(id: string): number | undefined {
  const hex = id.replace(/-/g, '');
  if (hex.length !== 32 || hex[12] !== '7') return undefined;
  return parseInt(hex.slice(0, 12), 16);
}
