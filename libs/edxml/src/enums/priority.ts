import type { BilingualLabel } from './bilingual-label';

/** Urgency of a document (OtherInfo/Priority). Higher values must not queue behind lower ones. */
export enum Priority {
  Normal = 0,
  Urgent = 1,
  VeryUrgent = 2,
  Flash = 3,
  FlashTimed = 4,
}

/** Labels of every priority. */
export const PRIORITY_LABELS: Readonly<Record<Priority, BilingualLabel>> = {
  [Priority.Normal]: { vi: 'Thường', en: 'Normal' },
  [Priority.Urgent]: { vi: 'Khẩn', en: 'Urgent' },
  [Priority.VeryUrgent]: { vi: 'Thượng khẩn', en: 'Very urgent' },
  [Priority.Flash]: { vi: 'Hỏa tốc', en: 'Flash' },
  [Priority.FlashTimed]: { vi: 'Hỏa tốc hẹn giờ', en: 'Flash, timed' },
};
