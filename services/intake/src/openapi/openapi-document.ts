import { Injectable } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { API_DOC, ApiOperation } from './api-doc.decorator';

/** One route as Nest registered it, with its documentation (undefined if the route has none). */
export interface DocumentedRoute {
  method: string;
  path: string;
  operation?: ApiOperation;
}

const SECURITY: Record<string, Array<Record<string, string[]>>> = {
  agency: [{ agencySignature: [] }, { clientCertificate: [] }],
  operator: [{ operatorToken: [] }],
  vxp: [{ vxpHeaders: [] }],
  none: [],
};

function joinPath(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/**
 * Builds the OpenAPI 3.1 document from the routes Nest actually registered and the `@ApiDoc` beside
 * each handler: a route cannot exist undocumented or be documented at a path it does not have
 * (ADR 0008 says why this instead of @nestjs/swagger).
 */
@Injectable()
export class OpenApiDocument {
  private cached?: Record<string, unknown>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): DocumentedRoute[] {
    const routes: DocumentedRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type || !wrapper.instance) continue;
      const base = ([] as string[]).concat(
        this.reflector.get<string | string[]>(PATH_METADATA, type) ?? '',
      )[0];
      const prototype = Object.getPrototypeOf(wrapper.instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const path = this.reflector.get<string | string[]>(PATH_METADATA, handler);
        const method = this.reflector.get<RequestMethod>(METHOD_METADATA, handler);
        if (path === undefined || method === undefined) continue;
        routes.push({
          method: RequestMethod[method].toLowerCase(),
          path: joinPath(base, ([] as string[]).concat(path)[0]),
          operation: this.reflector.get<ApiOperation>(API_DOC, handler),
        });
      }
    }
    return routes;
  }

  document(): Record<string, unknown> {
    if (this.cached) return this.cached;
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes()) {
      if (!route.operation) continue;
      const op = route.operation;
      const openApiPath = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const pathParams = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      paths[openApiPath] ??= {};
      paths[openApiPath][route.method] = {
        summary: op.summary,
        description: op.description,
        tags: [op.tag],
        security: SECURITY[op.auth],
        parameters: [
          ...pathParams,
          ...(op.query ?? []).map((q) => ({
            name: q.name,
            in: 'query',
            description: q.description,
            schema: q.schema ?? { type: 'string' },
          })),
          ...(op.headers ?? []).map((h) => ({
            name: h.name,
            in: 'header',
            description: h.description,
            required: h.required ?? false,
            schema: { type: 'string' },
          })),
        ],
        requestBody: op.requestBody && {
          required: op.requestBody.required ?? true,
          description: op.requestBody.description,
          content: {
            [op.requestBody.contentType]: {
              schema: op.requestBody.schema ?? { type: 'string', format: 'binary' },
            },
          },
        },
        responses: Object.fromEntries(
          Object.entries(op.responses).map(([status, r]) => [
            status,
            {
              description: r.description,
              content:
                r.contentType || r.schema
                  ? {
                      [r.contentType ?? 'application/json']: {
                        schema: r.schema ?? { $ref: '#/components/schemas/Problem' },
                      },
                    }
                  : undefined,
            },
          ]),
        ),
      };
    }
    this.cached = {
      openapi: '3.1.0',
      info: {
        title: 'Liên thông hub — agency API (intake)',
        version: '1',
        description:
          'Submit edXML packages and statuses, pull the inbox, look up agencies. See docs/intake-api.md.',
      },
      paths,
      components: {
        securitySchemes: {
          agencySignature: {
            type: 'apiKey',
            in: 'header',
            name: 'x-lt-signature',
            description: 'HMAC-SHA256 request signature with x-lt-system-id, x-lt-timestamp, x-lt-nonce',
          },
          clientCertificate: {
            type: 'mutualTLS',
            description: 'Agency code from a client certificate, forwarded by the ingress',
          },
          operatorToken: { type: 'http', scheme: 'bearer' },
          vxpHeaders: {
            type: 'apiKey',
            in: 'header',
            name: 'signature',
            description: 'Facade: systemid, timestamp, signature headers',
          },
        },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status', 'code'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              titleVi: { type: 'string' },
              status: { type: 'integer' },
              code: { type: 'string' },
              detail: { type: 'string' },
              traceId: { type: 'string' },
            },
          },
        },
      },
    };
    return this.cached;
  }
}
