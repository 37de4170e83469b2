import { Subjects, subjectToken } from './subjects';

describe('Subjects', () => {
  it('derives event, filter, dead-letter and query subjects from one prefix', () => {
    const s = new Subjects('t1');
    expect(s.event('document.submitted', 'abc')).toBe('t1.evt.document.submitted.abc');
    expect(s.eventsOfType('document.submitted')).toBe('t1.evt.document.submitted.>');
    expect(s.allEvents()).toBe('t1.evt.>');
    expect(s.deadLetter('routing', 'document.routed')).toBe('t1.dlq.routing.document.routed');
    expect(s.query('agencies.lookup')).toBe('t1.qry.agencies.lookup');
  });

  it('keeps agency codes readable and neutralises wildcards', () => {
    expect(subjectToken('000.00.00.G22')).toBe('000.00.00.G22');
    expect(subjectToken('a b*>')).toBe('a_b__');
    expect(() => new Subjects('bad prefix')).toThrow();
  });
});
