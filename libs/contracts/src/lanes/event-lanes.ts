import { EventEnvelope } from '../envelope/event-envelope';

/**
 * Lanes let urgent work overtake a backlog: an event type with lanes is published on
 * `{prefix}.evt.{type}.{lane}.{aggregate id}`, and a consumer can bind one durable consumer per lane,
 * so a hỏa tốc document never waits in the same queue as ten thousand normal ones.
 * Consumers that do not care (audit, a type filter) still match every lane.
 */
export type Lane = 'urgent' | 'normal';

/** Priority 2 (thượng khẩn) and above travel in the urgent lane. */
export const URGENT_PRIORITY = 2;

export function laneForPriority(priority: number | undefined): Lane {
  return (priority ?? 0) >= URGENT_PRIORITY ? 'urgent' : 'normal';
}

/** The event types published in lanes, and how each one's lane is chosen. */
const LANE_OF: Record<string, (event: EventEnvelope) => Lane> = {
  'document.routed': (e) => laneForPriority((e.data as { priority?: number }).priority),
  'status.routed': (e) => laneForPriority((e.data as { priority?: number }).priority),
};

/** The lane an event travels in, or undefined for types without lanes. */
export function laneOf(event: EventEnvelope): Lane | undefined {
  return LANE_OF[event.type]?.(event);
}

export function hasLanes(type: string): boolean {
  return type in LANE_OF;
}
