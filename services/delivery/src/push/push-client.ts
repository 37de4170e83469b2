import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { PUSH_HEADERS, signPush } from './push-signature';

export type PushErrorClass = 'timeout' | 'connection' | 'http-4xx' | 'http-5xx' | 'other';

/** What one push attempt came to. */
export type PushResult =
  | { ok: true; httpStatus: number; durationMs: number }
  | { ok: false; errorClass: PushErrorClass; error: string; httpStatus?: number; durationMs: number };

export interface PushRequest {
  url: string;
  secret: string;
  /** The request id the agency de-duplicates on: the delivery id, the same on every attempt. */
  requestId: string;
  attempt: number;
  kind: 'edoc' | 'status';
  documentId: string;
  statusId?: string;
  senderCode: string;
  recipientCode: string;
  sha256: string;
  body: Buffer;
}

export interface PushClientOptions {
  timeoutMs: number;
  maxSocketsPerHost: number;
  /** PEM files for mutual TLS; empty strings when not configured. */
  clientCertFile: string;
  clientKeyFile: string;
  caFile: string;
}

/**
 * HTTP(S) POST of a package to an agency endpoint, signed with the agency's secret. Keeps
 * connections alive per host; presents the hub's client certificate when configured (mutual TLS).
 * Never throws: every failure is classified for the attempt history and the circuit breaker.
 */
export class PushClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: PushClientOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerHost };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent({
      ...agentOptions,
      ...(options.clientCertFile ? { cert: readFileSync(options.clientCertFile) } : {}),
      ...(options.clientKeyFile ? { key: readFileSync(options.clientKeyFile) } : {}),
      ...(options.caFile ? { ca: readFileSync(options.caFile) } : {}),
    });
  }

  async push(request: PushRequest): Promise<PushResult> {
    const started = performance.now();
    const timestamp = new Date().toISOString();
    const headers: Record<string, string> = {
      'content-type': 'application/xml',
      'content-length': String(request.body.length),
      [PUSH_HEADERS.requestId]: request.requestId,
      [PUSH_HEADERS.attempt]: String(request.attempt),
      [PUSH_HEADERS.timestamp]: timestamp,
      [PUSH_HEADERS.signature]: signPush(request.secret, timestamp, request.requestId, request.body),
      [PUSH_HEADERS.kind]: request.kind,
      [PUSH_HEADERS.documentId]: request.documentId,
      [PUSH_HEADERS.sender]: request.senderCode,
      [PUSH_HEADERS.recipient]: request.recipientCode,
      [PUSH_HEADERS.sha256]: request.sha256,
      ...(request.statusId ? { [PUSH_HEADERS.statusId]: request.statusId } : {}),
    };
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { ok: false, errorClass: 'other', error: `invalid endpoint URL`, durationMs: 0 };
    }
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    return new Promise<PushResult>((resolve) => {
      let settled = false;
      const finish = (result: PushResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = transport.request(url, { method: 'POST', headers, agent }, (res) => {
        const status = res.statusCode ?? 0;
        // Drain so the connection goes back to the pool; the answer body is not used.
        res.resume();
        res.on('end', () => {
          if (status >= 200 && status < 300) finish({ ok: true, httpStatus: status, durationMs: elapsed() });
          else finish(httpFailure(status, elapsed()));
        });
        res.on('error', (error) =>
          finish({ ok: false, errorClass: 'connection', error: error.message, durationMs: elapsed() }),
        );
      });
      const timer = setTimeout(() => {
        finish({
          ok: false,
          errorClass: 'timeout',
          error: `no answer within ${this.options.timeoutMs} ms`,
          durationMs: elapsed(),
        });
        req.destroy();
      }, this.options.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) =>
        finish({
          ok: false,
          errorClass: 'connection',
          error: error.code ? `${error.code}: ${error.message}` : error.message,
          durationMs: elapsed(),
        }),
      );
      req.end(request.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function httpFailure(status: number, durationMs: number): PushResult {
  const errorClass: PushErrorClass = status >= 500 ? 'http-5xx' : status >= 400 ? 'http-4xx' : 'other';
  return { ok: false, errorClass, error: `endpoint answered HTTP ${status}`, httpStatus: status, durationMs };
}
