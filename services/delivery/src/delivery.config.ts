import { baseServiceConfigSpec, loadConfig, ConfigOf } from '@lt/runtime';

export const deliveryConfigSpec = {
  ...baseServiceConfigSpec(3003),
};

export type DeliveryConfig = ConfigOf<typeof deliveryConfigSpec>;

export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  return loadConfig(deliveryConfigSpec, env);
}
