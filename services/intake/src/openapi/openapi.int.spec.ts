import { isolatedMessagingOptions } from '@lt/testing';
import {
  IntakeUnderTest,
  startIntakeUnderTest,
  createIntakeTestEnvironment,
  IntakeTestEnvironment,
} from '../test-support/intake-under-test';
import { OpenApiDocument } from './openapi-document';

describe('OpenAPI document generated from the routes (real HTTP)', () => {
  const messaging = isolatedMessagingOptions('intake-openapi');
  let environment: IntakeTestEnvironment;
  let intake: IntakeUnderTest;

  beforeAll(async () => {
    environment = await createIntakeTestEnvironment(messaging, 'intake_openapi');
    intake = await startIntakeUnderTest(environment.env);
  });
  afterAll(async () => {
    await intake?.app.close();
    await environment?.drop();
  });

  it('documents every route intake registers, and nothing else', async () => {
    const routes = intake.app.get(OpenApiDocument).routes();
    const undocumented = routes.filter((r) => !r.operation).map((r) => `${r.method} ${r.path}`);
    // Health and metrics come from the shared runtime; every intake route carries @ApiDoc.
    expect(undocumented.filter((r) => !/\/(health|metrics)/.test(r))).toEqual([]);
    const doc = (await (await fetch(`${intake.url}/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    const expected = routes
      .filter((r) => r.operation)
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(expected.sort());
    for (const op of [
      'post /v1/documents',
      'get /v1/documents/{id}',
      'post /v1/statuses',
      'get /v1/inbox',
      'get /v1/inbox/{id}/package',
      'post /v1/inbox/{id}/ack',
      'get /v1/agencies',
      'post /vxp/sendEdoc',
      'post /vxp/getReceivedEdocList',
      'post /vxp/getEdoc',
      'post /vxp/updateStatus',
      'post /vxp/getSentEdocList',
      'post /vxp/countReceiveEdoc',
      'post /vxp/getAgenciesList',
      'post /v1/operator/credentials',
    ]) {
      expect(documented).toContain(op);
    }
    const page = await fetch(`${intake.url}/v1/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('POST /v1/documents');
  });
});
