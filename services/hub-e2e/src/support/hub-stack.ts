import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { startTracing } from '@lt/observability';
import {
  createTestDatabase,
  deleteTestStreams,
  isolatedMessagingOptions,
  TestDatabase,
  isolatedServiceEnv,
} from '@lt/testing';
import { loadIntakeConfig, startIntake } from '@lt/service-intake';
import {
  loadSignatureVerificationConfig,
  startSignatureVerification,
} from '@lt/service-signature-verification';
import { loadRoutingConfig, startRouting } from '@lt/service-routing';
import { loadDeliveryConfig, startDelivery } from '@lt/service-delivery';
import { loadAuditConfig, startAudit } from '@lt/service-audit';

/** The sample agency directory (deploy/directory): every agency of the conformance corpus. */
export const SAMPLE_DIRECTORY = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'deploy',
  'directory',
  'sample-agencies.json',
);

export interface HubStack {
  intakeUrl: string;
  auditUrl: string;
  apps: Record<string, INestApplication>;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * The five services in this process, against the real NATS and PostgreSQL, isolated from any other
 * run by their own subject prefix, stream and database. Each listens on a free port.
 */
export async function startHubStack(overrides: NodeJS.ProcessEnv = {}): Promise<HubStack> {
  // As each service's main.ts does: tracing on, exporting nowhere, so trace ids exist.
  startTracing('hub-e2e', {});
  const messaging = isolatedMessagingOptions('stack');
  const db: TestDatabase = await createTestDatabase('hub');
  const env: NodeJS.ProcessEnv = {
    ...isolatedServiceEnv(messaging, db.url),
    // routing refuses unregistered agencies: seed the directory with every corpus agency (some
    // corpus codes are outside the QCVN 102 format, hence the lenient code policy).
    DIRECTORY_SEED_FILE: SAMPLE_DIRECTORY,
    AGENCY_CODE_POLICY: 'lenient',
    // The corpus packages carry no verifiable signature; signature tests configure their own PKI.
    SIGNATURE_POLICY_DEFAULT: 'off',
    ...overrides,
  };
  const apps: Record<string, INestApplication> = {};
  try {
    apps.audit = await startAudit(loadAuditConfig(env));
    apps.delivery = await startDelivery(loadDeliveryConfig(env));
    apps.routing = await startRouting(loadRoutingConfig(env));
    apps.signatureVerification = await startSignatureVerification(loadSignatureVerificationConfig(env));
    apps.intake = await startIntake(loadIntakeConfig(env));
  } catch (error) {
    await stopAll(apps);
    await db.drop();
    await deleteTestStreams(messaging);
    throw error;
  }
  return {
    intakeUrl: await apps.intake.getUrl(),
    auditUrl: await apps.audit.getUrl(),
    apps,
    env,
    async stop() {
      await stopAll(apps);
      await db.drop();
      await deleteTestStreams(messaging);
    },
  };
}

async function stopAll(apps: Record<string, INestApplication>): Promise<void> {
  for (const app of Object.values(apps).reverse()) await app.close().catch(() => undefined);
}
