import { createEvent } from './create-event';
import { InvalidEventError, parseEnvelope } from './parse-envelope';

const valid = () =>
  createEvent({
    type: 'document.submitted',
    aggregate: { type: 'document', id: 'd1' },
    correlationId: 'd1',
    actor: '000.00.00.G22',
    data: {
      documentId: 'd1',
      senderCode: '000.00.00.G22',
      recipientCodes: ['000.00.00.H29'],
      blob: { sha256: 'ab', ref: 'ab', size: 1 },
      header: {},
    },
  });

describe('parseEnvelope', () => {
  it('accepts a well-formed envelope', () => {
    const event = valid();
    expect(parseEnvelope(JSON.stringify(event))).toEqual(event);
  });

  it.each([
    ['not JSON', '{'],
    ['no id', JSON.stringify({ ...valid(), id: undefined })],
    ['bad aggregate', JSON.stringify({ ...valid(), aggregate: { type: 'x', id: 'd1' } })],
    ['bad schemaVersion', JSON.stringify({ ...valid(), schemaVersion: 0 })],
    ['null data', JSON.stringify({ ...valid(), data: null })],
  ])('rejects %s', (_name, text) => {
    expect(() => parseEnvelope(text)).toThrow(InvalidEventError);
  });
});
