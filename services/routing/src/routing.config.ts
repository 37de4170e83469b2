import { baseServiceConfigSpec, loadConfig, ConfigOf } from '@lt/runtime';

export const routingConfigSpec = {
  ...baseServiceConfigSpec(3002),
};

export type RoutingConfig = ConfigOf<typeof routingConfigSpec>;

export function loadRoutingConfig(env: NodeJS.ProcessEnv = process.env): RoutingConfig {
  return loadConfig(routingConfigSpec, env);
}
