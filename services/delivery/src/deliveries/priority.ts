import { URGENT_PRIORITY } from '@lt/contracts';

/**
 * Urgent work (thượng khẩn, hỏa tốc, hỏa tốc hẹn giờ: priority 2 and above) never waits behind normal
 * work: it arrives on its own event lane, is claimed first and has push slots of its own. The threshold
 * is the one the event lanes use (libs/contracts event-lanes.ts), so both layers agree.
 */
export function isUrgent(priority: number | null | undefined): boolean {
  return (priority ?? 0) >= URGENT_PRIORITY;
}

export { URGENT_PRIORITY };
