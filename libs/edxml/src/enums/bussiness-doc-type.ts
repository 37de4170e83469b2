import type { BilingualLabel } from './bilingual-label';

/** What a document package does (Bussiness/BussinessDocType; the spelling is the regulation's). */
export enum BussinessDocType {
  New = 0,
  Revocation = 1,
  Update = 2,
  Replacement = 3,
}

/** Labels of every business type. */
export const BUSSINESS_DOC_TYPE_LABELS: Readonly<Record<BussinessDocType, BilingualLabel>> = {
  [BussinessDocType.New]: { vi: 'Văn bản mới', en: 'New document' },
  [BussinessDocType.Revocation]: { vi: 'Thu hồi', en: 'Revocation' },
  [BussinessDocType.Update]: { vi: 'Cập nhật', en: 'Update' },
  [BussinessDocType.Replacement]: { vi: 'Thay thế', en: 'Replacement' },
};

/** Whether a receiver was removed from or added to a document by an update. */
export enum ReceiverType {
  Removed = 0,
  Added = 1,
}

/** Labels of the receiver types. */
export const RECEIVER_TYPE_LABELS: Readonly<Record<ReceiverType, BilingualLabel>> = {
  [ReceiverType.Removed]: { vi: 'Bỏ nơi nhận', en: 'Removed' },
  [ReceiverType.Added]: { vi: 'Thêm nơi nhận', en: 'Added' },
};
