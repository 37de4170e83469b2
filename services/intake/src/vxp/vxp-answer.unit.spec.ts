import { ProblemError } from '@lt/runtime';
import { ok, VXP_ERROR, vxpErrorCode } from './vxp-answer';

describe('the facade answer', () => {
  it('maps native problem codes onto the axis error codes of domain.md section 5', () => {
    expect(vxpErrorCode('AUTH_SIGNATURE_INVALID', 401)).toBe(15);
    expect(vxpErrorCode('AUTH_REPLAYED', 401)).toBe(15);
    expect(vxpErrorCode('FROM_NOT_CALLER', 403)).toBe(19);
    expect(vxpErrorCode('EDXML_NOT_WELL_FORMED', 422)).toBe(22);
    expect(vxpErrorCode('EDXML_WRONG_NAMESPACE', 422)).toBe(22);
    expect(vxpErrorCode('HASH_FILE_MISMATCH', 400)).toBe(10);
    expect(vxpErrorCode('PAYLOAD_TOO_LARGE', 413)).toBe(10);
    expect(vxpErrorCode('AGENCY_NOT_FOUND', 404)).toBe(VXP_ERROR.recipientNotFound);
    expect(vxpErrorCode('INTERNAL_ERROR', 500)).toBe(20);
    expect(vxpErrorCode('INBOX_ITEM_NOT_FOUND', 404)).toBe(21);
    expect(new ProblemError(401, 'AUTH_MISSING', 't', 'v').status).toBe(401);
  });

  it('answers OK with ErrorCode 0', () => {
    expect(ok({ DocId: 'x' })).toEqual({ status: 'OK', ErrorCode: 0, ErrorDesc: '', data: { DocId: 'x' } });
  });
});
