import { Controller, Get, Header } from '@nestjs/common';
import { ApiDoc } from './api-doc.decorator';
import { OpenApiDocument } from './openapi-document';

function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );
}

/** The API's description, machine-readable and as a page (no external scripts: the government network may be closed). */
@Controller('v1')
export class OpenApiHttpController {
  constructor(private readonly openApi: OpenApiDocument) {}

  /** `GET /v1/openapi.json`: the OpenAPI 3.1 document, built from the registered routes. */
  @Get('openapi.json')
  @ApiDoc({
    summary: 'This API as OpenAPI 3.1',
    tag: 'docs',
    auth: 'none',
    responses: { '200': { description: 'OpenAPI document', schema: { type: 'object' } } },
  })
  openApiJson() {
    return this.openApi.document();
  }

  /** `GET /v1/docs`: a readable page of every operation. */
  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiDoc({
    summary: 'This API as a page',
    tag: 'docs',
    auth: 'none',
    responses: { '200': { description: 'HTML', contentType: 'text/html', schema: { type: 'string' } } },
  })
  docsPage(): string {
    const doc = this.openApi.document() as {
      info: { title: string; description: string };
      paths: Record<
        string,
        Record<
          string,
          {
            summary: string;
            description?: string;
            tags: string[];
            security: unknown[];
            parameters: Array<{ name: string; in: string; description?: string }>;
            responses: Record<string, { description: string }>;
          }
        >
      >;
    };
    const sections = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) => `<section><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2>
<p><strong>${escapeHtml(op.summary)}</strong> <em>[${escapeHtml(op.tags[0])}]</em></p>
${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
${op.parameters.length ? `<ul>${op.parameters.map((p) => `<li><code>${escapeHtml(p.name)}</code> (${p.in}) ${escapeHtml(p.description)}</li>`).join('')}</ul>` : ''}
<ul>${Object.entries(op.responses)
          .map(([s, r]) => `<li>${s}: ${escapeHtml(r.description)}</li>`)
          .join('')}</ul></section>`,
      ),
    );
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ccc}code{background:#f4f4f4}</style></head>
<body><h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description)} Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
${sections.join('\n')}</body></html>`;
  }
}
