import { createHash, randomBytes } from 'node:crypto';
import { AgencyClient, AgencyCredentials } from '@lt/service-intake';

/** The operator token of one e2e run; services are configured with its SHA-256 only. */
export const E2E_OPERATOR_TOKEN = randomBytes(24).toString('base64url');

/** Environment that opens intake's (and routing's, delivery's) operator API to E2E_OPERATOR_TOKEN. */
export function operatorEnv(): NodeJS.ProcessEnv {
  return { OPERATOR_TOKEN_HASHES: createHash('sha256').update(E2E_OPERATOR_TOKEN).digest('hex') };
}

/** Issues a credential to an agency through intake's operator API; returns its signed client. */
export async function agencyClient(intakeUrl: string, agencyCode: string): Promise<AgencyClient> {
  const r = await fetch(`${intakeUrl}/v1/operator/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${E2E_OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agencyCode }),
  });
  if (r.status !== 201) throw new Error(`credential for ${agencyCode}: ${r.status} ${await r.text()}`);
  return new AgencyClient(intakeUrl, (await r.json()) as AgencyCredentials);
}
