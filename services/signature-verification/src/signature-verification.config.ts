import { baseServiceConfigSpec, loadConfig, ConfigOf } from '@lt/runtime';

export const signatureVerificationConfigSpec = {
  ...baseServiceConfigSpec(3001),
};

export type SignatureVerificationConfig = ConfigOf<typeof signatureVerificationConfigSpec>;

export function loadSignatureVerificationConfig(
  env: NodeJS.ProcessEnv = process.env,
): SignatureVerificationConfig {
  return loadConfig(signatureVerificationConfigSpec, env);
}
