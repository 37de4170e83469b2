import { ProblemError } from '@lt/runtime';

/** A JSON object body, or 400 BODY_INVALID. Unknown fields are refused, so typos do not pass silently. */
export function jsonObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  const value = body === undefined || body === null ? {} : body;
  if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) {
    throw new ProblemError(400, 'BODY_INVALID', 'Send a JSON object', 'Hãy gửi một đối tượng JSON');
  }
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new ProblemError(
      400,
      'BODY_INVALID',
      'Unknown fields',
      'Có trường không được hỗ trợ',
      unknown.join(', '),
    );
  }
  return value as Record<string, unknown>;
}

/** An optional string field, or 400 BODY_INVALID naming it. */
export function optionalString(obj: Record<string, unknown>, name: string, max = 500): string | undefined {
  const v = obj[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max) {
    throw new ProblemError(
      400,
      'BODY_INVALID',
      `Field ${name} must be a string of at most ${max} characters`,
      `Trường ${name} phải là chuỗi tối đa ${max} ký tự`,
    );
  }
  return v;
}
