import { baseServiceConfigSpec, int, loadConfig, ConfigOf } from '@lt/runtime';

/** intake's environment: the common variables and the agency-facing limits. */
export const intakeConfigSpec = {
  ...baseServiceConfigSpec(3000),
  /** Largest package accepted, in bytes (default 50 MiB). */
  MAX_PACKAGE_BYTES: int({ default: 50 * 1024 * 1024, min: 1024, max: 512 * 1024 * 1024 }),
};

export type IntakeConfig = ConfigOf<typeof intakeConfigSpec>;

export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  return loadConfig(intakeConfigSpec, env);
}
