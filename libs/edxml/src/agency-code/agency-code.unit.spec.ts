import fc from 'fast-check';
import { agencyCodeAncestors, isValidAgencyCode, parentAgencyCode, parseAgencyCode } from './agency-code';

describe('agency codes', () => {
  it.each([
    ['000.00.00.G22', 1, 'G', 'G22'],
    ['000.00.18.G12', 2, 'G', 'G12'],
    ['000.00.11.H53', 2, 'H', 'H53'],
    ['000.01.11.H53', 3, 'H', 'H53'],
    ['001.01.11.H53', 4, 'H', 'H53'],
    ['000.00.01.A53', 2, 'A', 'A53'],
  ])('parses %s as level %d of group %s', (value, level, group, level1) => {
    const code = parseAgencyCode(value);
    expect(code).toMatchObject({ structured: true, value, level, group, level1 });
  });

  it.each([
    ['000.00.11.H53', '000.00.00.H53'],
    ['000.01.11.H53', '000.00.11.H53'],
    ['001.01.11.H53', '000.01.11.H53'],
    ['000.05.00.G22', '000.00.00.G22'],
  ])('the parent of %s is %s', (code, parent) => {
    expect(parentAgencyCode(code)).toBe(parent);
  });

  it('a level-1 body and a code outside the format have no parent', () => {
    expect(parentAgencyCode('000.00.00.G22')).toBeUndefined();
    expect(parentAgencyCode('vxp.saas.03')).toBeUndefined();
  });

  it('lists ancestors nearest first, ending at the level-1 body', () => {
    expect(agencyCodeAncestors('001.01.11.H53')).toEqual(['000.01.11.H53', '000.00.11.H53', '000.00.00.H53']);
  });

  it('strict policy rejects codes outside the format; lenient accepts opaque gateway codes', () => {
    for (const bad of ['28.22.H17', 'vxp.saas.03', '000.00.00.g22', '000.00.00.G2', '']) {
      expect(isValidAgencyCode(bad, 'strict')).toBe(false);
    }
    expect(parseAgencyCode('vxp.saas.03', 'lenient')).toEqual({ structured: false, value: 'vxp.saas.03' });
    expect(parseAgencyCode('28.22.H17', 'lenient')).toEqual({ structured: false, value: '28.22.H17' });
    expect(parseAgencyCode('has space', 'lenient')).toBeUndefined();
    expect(parseAgencyCode('<script>', 'lenient')).toBeUndefined();
  });

  it('property: parent is one level up, keeps the body, and never loops', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    const code = fc
      .tuple(digits(3), digits(2), digits(2), fc.constantFrom('G', 'H', 'A'), digits(2))
      .map(([v, z, y, g, x]) => `${v}.${z}.${y}.${g}${x}`);
    fc.assert(
      fc.property(code, (value) => {
        const parsed = parseAgencyCode(value);
        if (!parsed?.structured) return false;
        const parent = parentAgencyCode(value);
        if (parsed.level === 1) return parent === undefined;
        const p = parent === undefined ? undefined : parseAgencyCode(parent);
        return !!p?.structured && p.level < parsed.level && p.level1 === parsed.level1;
      }),
    );
  });
});
