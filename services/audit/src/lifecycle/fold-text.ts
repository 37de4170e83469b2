/**
 * Folds Vietnamese text for search: lower case, without diacritics, đ → d. "Công văn Hỏa tốc" and
 * "cong van hoa toc" fold to the same words, so auditors may type either.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
