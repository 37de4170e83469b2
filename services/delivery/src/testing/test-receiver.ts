// Test support: an agency endpoint on loopback that records every push and answers as scripted.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PUSH_HEADERS, verifyPushSignature } from '../push/push-signature';

export type ReceiverAnswer = 'ok' | 'fail' | 'hang';

export interface ReceivedPush {
  agency: string;
  requestId: string;
  attempt: number;
  at: number;
  signatureValid: boolean;
  /** False when the receiver had already accepted this request id (it de-duplicates). */
  firstAccepted: boolean;
  answer: ReceiverAnswer;
}

/**
 * `POST /{agency}`: `script(agency, n)` decides the answer to the agency's n-th push (1-based): 200,
 * 500, or no answer at all. Accepted request ids are de-duplicated as an agency would.
 */
export class TestReceiver {
  readonly pushes: ReceivedPush[] = [];
  readonly accepted = new Map<string, number>();
  readonly secrets = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private readonly hanging = new Set<http.ServerResponse>();
  private server?: http.Server;
  port = 0;
  /** How long each accepted push takes to answer (a slow agency), in ms. */
  answerDelayMs = 0;

  constructor(private script: (agency: string, n: number) => ReceiverAnswer = () => 'ok') {}

  setScript(script: (agency: string, n: number) => ReceiverAnswer): void {
    this.script = script;
  }

  url(agency: string): string {
    return `http://127.0.0.1:${this.port}/${agency}`;
  }

  async start(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const agency = (req.url ?? '/').slice(1);
        const body = Buffer.concat(chunks);
        const n = (this.counts.get(agency) ?? 0) + 1;
        this.counts.set(agency, n);
        const requestId = String(req.headers[PUSH_HEADERS.requestId]);
        const secret = this.secrets.get(agency) ?? '';
        const signatureValid = verifyPushSignature(
          secret,
          String(req.headers[PUSH_HEADERS.timestamp]),
          requestId,
          body,
          String(req.headers[PUSH_HEADERS.signature]),
        );
        const answer = this.script(agency, n);
        const push: ReceivedPush = {
          agency,
          requestId,
          attempt: Number(req.headers[PUSH_HEADERS.attempt]),
          at: Date.now(),
          signatureValid,
          firstAccepted: false,
          answer,
        };
        this.pushes.push(push);
        if (answer === 'hang') {
          this.hanging.add(res);
          return;
        }
        if (answer === 'fail') {
          res.writeHead(500).end('down');
          return;
        }
        const accept = () => {
          push.firstAccepted = !this.accepted.has(requestId);
          this.accepted.set(requestId, (this.accepted.get(requestId) ?? 0) + 1);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"OK"}');
        };
        if (this.answerDelayMs > 0) setTimeout(accept, this.answerDelayMs);
        else accept();
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
