import { randomBytes } from 'node:crypto';
import { bodyDigest, SIGNATURE_HEADERS, signingKeyOf, signRequest } from '../auth/request-signature';

/** What an agency system needs to call the hub. */
export interface AgencyCredentials {
  systemId: string;
  secret: string;
}

/** Headers that sign one request (native API). Exposed for tests, the benchmark and integrators. */
export function signedHeaders(
  credentials: AgencyCredentials,
  method: string,
  path: string,
  body?: Buffer,
  options: { nowMs?: number; nonce?: string } = {},
): Record<string, string> {
  const timestamp = String(Math.floor((options.nowMs ?? Date.now()) / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('base64url');
  const signature = signRequest(signingKeyOf(credentials.secret), {
    method,
    path,
    timestamp,
    nonce,
    bodySha256: bodyDigest(body),
  });
  return {
    [SIGNATURE_HEADERS.systemId]: credentials.systemId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signature,
  };
}

/** Headers that sign one facade request (`systemid`, `timestamp`, `signature`). */
export function signedVxpHeaders(
  credentials: AgencyCredentials,
  method: string,
  path: string,
  body?: Buffer,
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = String(nowMs);
  const signature = signRequest(signingKeyOf(credentials.secret), {
    method,
    path,
    timestamp,
    nonce: credentials.systemId,
    bodySha256: bodyDigest(body),
  });
  return { systemid: credentials.systemId, timestamp, signature };
}

/** A small signed HTTP client for one agency (fetch; used by tests and the benchmark). */
export class AgencyClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials: AgencyCredentials,
  ) {}

  async request(
    method: string,
    path: string,
    options: { body?: Buffer | string | object; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    let body: Buffer | undefined;
    const headers: Record<string, string> = { ...options.headers };
    if (Buffer.isBuffer(options.body)) {
      body = options.body;
      headers['content-type'] ??= 'application/xml';
    } else if (typeof options.body === 'string') {
      body = Buffer.from(options.body);
      headers['content-type'] ??= 'application/xml';
    } else if (options.body !== undefined) {
      body = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, signedHeaders(this.credentials, method, path, body));
    return fetch(`${this.baseUrl}${path}`, { method, headers, body });
  }

  /** A facade call (POST, parameters as headers). */
  async vxp(
    operation: string,
    options: { body?: Buffer; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const path = `/vxp/${operation}`;
    const headers = { ...options.headers, ...signedVxpHeaders(this.credentials, 'POST', path, options.body) };
    if (options.body) headers['content-type'] = 'application/xml';
    return fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body: options.body });
  }
}
