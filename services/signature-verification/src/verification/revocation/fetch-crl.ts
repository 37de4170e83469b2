import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

/** Downloads a CRL over HTTP(S); rejects on a non-200 answer, a timeout, or more than `maxBytes`. */
export function fetchCrl(url: string, timeoutMs: number, maxBytes = 50 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const request = get(url, { timeout: timeoutMs }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET ${url}: HTTP ${response.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) request.destroy(new Error(`GET ${url}: CRL larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
