import { createEvent } from '../envelope/create-event';
import { UpcasterRegistry } from './upcaster-registry';

describe('UpcasterRegistry', () => {
  it('applies steps in order from the stored version and leaves current events alone', () => {
    const registry = new UpcasterRegistry()
      .register('x.happened', 1, (d) => ({ ...(d as object), v2: true }))
      .register('x.happened', 2, (d) => ({ ...(d as object), v3: true }));
    const old = {
      ...createEvent({
        type: 'delivery.queued',
        aggregate: { type: 'delivery', id: 'a' },
        correlationId: 'a',
        actor: 't',
        data: {} as never,
      }),
      type: 'x.happened',
      schemaVersion: 1,
    };
    const up = registry.upcast(old);
    expect(up.schemaVersion).toBe(3);
    expect(up.data).toEqual({ v2: true, v3: true });
    expect(old.schemaVersion).toBe(1);
    const current = { ...old, schemaVersion: 3 };
    expect(registry.upcast(current)).toBe(current);
  });
});
