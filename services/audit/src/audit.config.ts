import { baseServiceConfigSpec, loadConfig, ConfigOf } from '@lt/runtime';

export const auditConfigSpec = {
  ...baseServiceConfigSpec(3004),
};

export type AuditConfig = ConfigOf<typeof auditConfigSpec>;

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return loadConfig(auditConfigSpec, env);
}
