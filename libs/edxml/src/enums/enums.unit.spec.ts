import { BUSSINESS_DOC_TYPE_LABELS, BussinessDocType } from './bussiness-doc-type';
import { PRIORITY_LABELS, Priority } from './priority';
import { isTerminalStatus, readStatusCode, STATUS_CODE_LABELS, StatusCode } from './status-code';
import { STEERING_TYPE_LABELS } from './steering-type';

describe('status codes', () => {
  it('reads every regulation code as itself', () => {
    for (const code of Object.values(StatusCode)) expect(readStatusCode(code)).toEqual({ code });
  });

  it('reads the legacy 14 as 15 and a single digit as its padded code, saying so', () => {
    expect(readStatusCode('14')).toEqual({ code: StatusCode.ChangeAgreed, normalisedFrom: '14' });
    expect(readStatusCode('5')).toEqual({ code: StatusCode.InProgress, normalisedFrom: '5' });
  });

  it('rejects codes outside the list', () => {
    for (const raw of ['00', '07', '12', '17', '', 'ab', '015']) expect(readStatusCode(raw)).toBeUndefined();
  });

  it('only refused and completed are terminal', () => {
    const terminal = Object.values(StatusCode).filter(isTerminalStatus);
    expect(terminal).toEqual([StatusCode.Refused, StatusCode.Completed]);
  });

  it('every enum value has a Vietnamese and an English label', () => {
    const tables = [STATUS_CODE_LABELS, PRIORITY_LABELS, BUSSINESS_DOC_TYPE_LABELS, STEERING_TYPE_LABELS];
    for (const table of tables) {
      for (const label of Object.values(table)) {
        expect(label.vi.length).toBeGreaterThan(0);
        expect(label.en.length).toBeGreaterThan(0);
      }
    }
    expect(Object.keys(PRIORITY_LABELS).map(Number)).toEqual([0, 1, 2, 3, 4]);
    expect(PRIORITY_LABELS[Priority.Flash].vi).toBe('Hỏa tốc');
    expect(BUSSINESS_DOC_TYPE_LABELS[BussinessDocType.Revocation].vi).toBe('Thu hồi');
  });
});
