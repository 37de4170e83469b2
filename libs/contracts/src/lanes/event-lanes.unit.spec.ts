import { createEvent } from '../envelope/create-event';
import { Subjects } from '../subjects/subjects';
import { laneForPriority, laneOf } from './event-lanes';

describe('event lanes', () => {
  it('puts thượng khẩn and above in the urgent lane, the rest in the normal one', () => {
    expect([0, 1, 2, 3, 4, undefined].map(laneForPriority)).toEqual([
      'normal',
      'normal',
      'urgent',
      'urgent',
      'urgent',
      'normal',
    ]);
  });

  it('gives routed events a lane and leaves other types without one', () => {
    const routed = createEvent({
      type: 'document.routed',
      aggregate: { type: 'document', id: 'd' },
      correlationId: 'd',
      actor: 'routing',
      data: {
        documentId: 'd',
        senderCode: 'A',
        priority: 3,
        blob: { sha256: 'x', ref: 'x', size: 1 },
        recipients: [],
      },
    });
    expect(laneOf(routed)).toBe('urgent');
    expect(laneOf({ ...routed, type: 'document.submitted' })).toBeUndefined();
    const s = new Subjects('lt');
    expect(s.event('document.routed', 'd', 'urgent')).toBe('lt.evt.document.routed.urgent.d');
    expect(s.eventsOfTypeInLane('document.routed', 'urgent')).toBe('lt.evt.document.routed.urgent.>');
  });
});
