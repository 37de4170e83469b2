import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A CRL distribution point on loopback (127.0.0.1, random port). Tests publish CRLs under a name,
 * then tell the server to go down (every connection is reset, as an unreachable host would be)
 * and come back.
 */
export class LoopbackCrlServer {
  private readonly crls = new Map<string, Buffer>();
  private down = false;
  private server?: Server;
  /** Number of requests received per path, so tests can see when the verifier used its cache. */
  readonly requests = new Map<string, number>();

  /** Starts listening; resolves once the port is known. */
  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  /** `http://127.0.0.1:<port>` */
  get baseUrl(): string {
    if (!this.server) throw new Error('LoopbackCrlServer not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The URL a certificate's CRL distribution point names for CRL `name`. */
  crlUrl(name: string): string {
    return `${this.baseUrl}/crl/${name}.crl`;
  }

  /** Serves `der` as CRL `name` from now on. */
  publish(name: string, der: Buffer): void {
    this.crls.set(`/crl/${name}.crl`, der);
  }

  /** From now on every request fails at the connection level. */
  goDown(): void {
    this.down = true;
  }

  /** Serves CRLs again. */
  comeBack(): void {
    this.down = false;
  }

  /** How many times `crlUrl(name)` was requested. */
  requestCount(name: string): number {
    return this.requests.get(`/crl/${name}.crl`) ?? 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const body = this.crls.get(path);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkix-crl', 'content-length': body.length }).end(body);
  }
}
