import { EventEnvelope } from '../envelope/event-envelope';

/** Turns data of `fromVersion` into data of `fromVersion + 1`. */
export type Upcaster = (data: unknown, envelope: EventEnvelope) => unknown;

/**
 * Old events stay readable forever: each schema change registers an upcaster from the version it
 * replaces, and readers call `upcast` before looking at `data`.
 */
export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    this.upcasters.set(`${type}@${fromVersion}`, upcaster);
    return this;
  }

  /** Applies every registered step from the envelope's version upward; returns a new envelope. */
  upcast<T extends EventEnvelope>(envelope: T): T {
    let current: EventEnvelope = envelope;
    for (;;) {
      const step = this.upcasters.get(`${current.type}@${current.schemaVersion}`);
      if (!step) return current as T;
      current = { ...current, schemaVersion: current.schemaVersion + 1, data: step(current.data, current) };
    }
  }
}
