import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { SignaturePolicy } from '@lt/contracts';

/** The signature policy of each agency, as the directory's events set it. */
@Injectable()
export class AgencyPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async policyOf(agencyCode: string): Promise<SignaturePolicy | undefined> {
    const rows = await this.dataSource.query(
      'SELECT policy FROM signature_verification.agency_policy WHERE agency_code = $1',
      [agencyCode],
    );
    return rows[0]?.policy;
  }

  async setPolicy(manager: EntityManager, agencyCode: string, policy: SignaturePolicy): Promise<void> {
    await manager.query(
      `INSERT INTO signature_verification.agency_policy (agency_code, policy) VALUES ($1, $2)
       ON CONFLICT (agency_code) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
      [agencyCode, policy],
    );
  }
}
