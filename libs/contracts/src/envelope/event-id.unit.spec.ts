import { deriveEventId, newEventId, uuidv7Timestamp } from './event-id';

describe('event ids', () => {
  it('new ids are UUIDv7 and time-ordered', () => {
    const a = newEventId();
    const b = newEventId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs((uuidv7Timestamp(a) ?? 0) - Date.now())).toBeLessThan(5000);
    expect(a < b || uuidv7Timestamp(a) === uuidv7Timestamp(b)).toBe(true);
  });

  it('derived ids are deterministic, distinct per type and discriminator, and keep the cause time', () => {
    const cause = newEventId();
    const first = deriveEventId(cause, 'document.routed');
    expect(deriveEventId(cause, 'document.routed')).toBe(first);
    expect(deriveEventId(cause, 'document.routing-failed')).not.toBe(first);
    expect(deriveEventId(cause, 'document.routed', 'A')).not.toBe(
      deriveEventId(cause, 'document.routed', 'B'),
    );
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Timestamp(first)).toBe(uuidv7Timestamp(cause));
  });
});
