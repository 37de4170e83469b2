/**
 * Folds a Vietnamese name for search: lower case, diacritics removed (đ → d), whitespace collapsed,
 * so "Ủy ban nhân dân Tỉnh Nghệ An", "uy ban nhan dan tinh nghe an" and "UBND nghệ an" words match.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a search query, folded; empty words dropped. */
export function searchWords(query: string): string[] {
  return foldVietnamese(query)
    .split(' ')
    .filter((w) => w.length > 0);
}
