import fc from 'fast-check';
import { canonicalJson, canonicalJsonReference, chainHash, GENESIS_HASH } from './hash-chain';

describe('hash chain', () => {
  it('serialises objects canonically whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 'ạ' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"ạ","y":2}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('the fast path equals the reference serialisation for any JSON value and the tricky ones', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => expect(canonicalJson(v)).toBe(canonicalJsonReference(v))),
      { numRuns: 500 },
    );
    const tricky: unknown[] = [
      { 10: 'a', 9: 'b', x: { 2: 1, 1: 2 } },
      { at: new Date(0), f: () => 1, s: Symbol('s') },
      [undefined, () => 1, { toJSON: () => 'x' }],
      { nested: [{ b: undefined, a: -0 }] },
      JSON.parse('{"__proto__":"","a":{"__proto__":{"x":1}}}'),
      undefined,
      'ạ',
    ];
    for (const v of tricky) expect(canonicalJson(v)).toBe(canonicalJsonReference(v));
  });

  it('changes when the content, the position or the previous hash changes', () => {
    const h = chainHash(1, GENESIS_HASH, '{"a":1}');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(1, GENESIS_HASH, '{"a":2}')).not.toBe(h);
    expect(chainHash(2, GENESIS_HASH, '{"a":1}')).not.toBe(h);
    expect(chainHash(1, h, '{"a":1}')).not.toBe(h);
  });
});
