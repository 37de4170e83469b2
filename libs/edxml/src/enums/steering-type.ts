import type { BilingualLabel } from './bilingual-label';

/** Whether a document is a steering document (SteeringType). 0 is seen in the wild. */
export enum SteeringType {
  Unspecified = 0,
  NotSteering = 1,
  Steering = 2,
  SteeringReport = 3,
}

/** Labels of every steering type. */
export const STEERING_TYPE_LABELS: Readonly<Record<SteeringType, BilingualLabel>> = {
  [SteeringType.Unspecified]: { vi: 'Không xác định', en: 'Unspecified' },
  [SteeringType.NotSteering]: { vi: 'Không phải văn bản chỉ đạo', en: 'Not a steering document' },
  [SteeringType.Steering]: { vi: 'Văn bản chỉ đạo', en: 'Steering document' },
  [SteeringType.SteeringReport]: { vi: 'Báo cáo thực hiện chỉ đạo', en: 'Report on steering' },
};
