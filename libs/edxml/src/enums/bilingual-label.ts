/** A label shown to people, in Vietnamese and English. */
export interface BilingualLabel {
  vi: string;
  en: string;
}
