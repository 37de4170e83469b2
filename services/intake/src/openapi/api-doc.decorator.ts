import { SetMetadata } from '@nestjs/common';

/** A JSON Schema fragment as OpenAPI 3.1 takes it. */
export type JsonSchema = Record<string, unknown>;

/** How a route is authenticated, named as the OpenAPI security schemes. */
export type ApiAuth = 'agency' | 'operator' | 'vxp' | 'none';

/** What a route documents about itself, next to its handler; the path and method come from the route. */
export interface ApiOperation {
  summary: string;
  description?: string;
  tag: string;
  auth: ApiAuth;
  requestBody?: { contentType: string; description?: string; schema?: JsonSchema; required?: boolean };
  query?: Array<{ name: string; description: string; schema?: JsonSchema }>;
  headers?: Array<{ name: string; description: string; required?: boolean }>;
  responses: Record<string, { description: string; contentType?: string; schema?: JsonSchema }>;
}

export const API_DOC = 'lt:api-doc';

/** Documents a route for `/v1/openapi.json`; every `/v1` route must carry one (a test checks). */
export const ApiDoc = (operation: ApiOperation) => SetMetadata(API_DOC, operation);

/** The problem+json answer every error shares. */
export const PROBLEM = { description: 'RFC 9457 problem', contentType: 'application/problem+json' };
