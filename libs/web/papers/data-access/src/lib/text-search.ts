import { foldForSearch } from '@ecabinet/shared/contracts';

/**
 * Text search in a paper, the way a Vietnamese reader types: case-insensitive and, unless the
 * query itself carries diacritics, insensitive to them ("quyet dinh" finds "Quyết định").
 */

/** Lower case, Unicode-normalised (NFC); with `foldMarks`, tone and vowel marks removed and đ → d. */
export function normaliseForSearch(text: string, foldMarks: boolean): string {
  return foldMarks ? foldForSearch(text) : text.normalize('NFC').toLocaleLowerCase('vi');
}

/** True when the query has a mark a user typed on purpose: then marks must match. */
export function hasMarks(query: string): boolean {
  return normaliseForSearch(query, true) !== normaliseForSearch(query, false);
}

/** Where `query` occurs in `text`, as [start, end) ranges of `text` (matched as {@link searchPages} does). */
export function markMatches(text: string, query: string): [number, number][] {
  const trimmed = query.trim();
  if (!trimmed) return [];
  const fold = !hasMarks(trimmed);
  const needle = normaliseForSearch(trimmed, fold);
  const haystack = normaliseForSearch(text, fold);
  const marks: [number, number][] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) marks.push([at, at + needle.length]);
  return marks;
}

export interface PageMatches {
  /** 1-based page number. */
  readonly page: number;
  readonly count: number;
  /** A short excerpt around the first match, for the result list. */
  readonly excerpt: string;
}

/** Matches of `query` in each page's text (index 0 is page 1); pages without one are left out. */
export function searchPages(pageTexts: readonly string[], query: string): PageMatches[] {
  const trimmed = query.trim();
  if (!trimmed) return [];
  const fold = !hasMarks(trimmed);
  const needle = normaliseForSearch(trimmed, fold);
  const results: PageMatches[] = [];
  pageTexts.forEach((text, index) => {
    // Folding never changes the length of NFC Vietnamese text, so positions map back to `text`.
    const haystack = normaliseForSearch(text, fold);
    let count = 0;
    let first = -1;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
      if (first === -1) first = at;
      count++;
    }
    if (count > 0) {
      const source = text.normalize('NFC');
      const start = Math.max(0, first - 30);
      const end = Math.min(source.length, first + needle.length + 30);
      results.push({ page: index + 1, count, excerpt: `${start > 0 ? '…' : ''}${source.slice(start, end).replace(/\s+/g, ' ').trim()}${end < source.length ? '…' : ''}` });
    }
  });
  return results;
}
