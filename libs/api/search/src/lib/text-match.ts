import { foldForSearch } from '@ecabinet/shared/contracts';

/** How one text matched a query: a score, and an excerpt with the words found marked. */
export interface TextMatch {
  score: number;
  excerpt: string;
  marks: [number, number][];
}

/** Characters of context on each side of the first match in an excerpt. */
const CONTEXT = 70;

/** A word of the query, found at word starts; the last may be the start of a longer word ("ngan" finds "ngân sách", "ngâ" too). */
function wordPattern(term: string, prefix: boolean): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${term}${prefix ? '' : '(?![\\p{L}\\p{N}])'}`, 'gu');
}

/**
 * Whether `text` holds every one of `terms` (folded words, as from searchTerms) and, if so,
 * how well: each word counts up to 5 times, the words side by side in the query's order
 * count 5 more. The excerpt is cut from the NFC text around the first match of the whole
 * phrase (else of the first word) and marks every word found in it.
 */
export function matchText(text: string, terms: readonly string[]): TextMatch | null {
  if (terms.length === 0 || !text) return null;
  const source = text.normalize('NFC');
  const folded = foldForSearch(source);
  const found: [number, number][] = [];
  let score = 0;
  for (const [index, term] of terms.entries()) {
    const hits = [...folded.matchAll(wordPattern(term, index === terms.length - 1))];
    if (hits.length === 0) return null;
    score += Math.min(5, hits.length);
    for (const hit of hits) found.push([hit.index ?? 0, (hit.index ?? 0) + wordLength(folded, hit.index ?? 0, term.length)]);
  }
  const phrase = terms.length > 1 ? new RegExp(`(?<![\\p{L}\\p{N}])${terms.join('[^\\p{L}\\p{N}]+')}`, 'u').exec(folded) : null;
  if (phrase) score += 5;
  found.sort((a, b) => a[0] - b[0]);
  const anchor = phrase?.index ?? found[0][0];
  return { score, ...excerptAround(source, anchor, found) };
}

/** A word found by its start ("ngan" at the start of "ngân"): marked to its end, as the reader sees it. */
function wordLength(folded: string, start: number, termLength: number): number {
  let end = start + termLength;
  while (end < folded.length && /[\p{L}\p{N}]/u.test(folded[end])) end++;
  return end - start;
}

function excerptAround(source: string, anchor: number, found: readonly [number, number][]): { excerpt: string; marks: [number, number][] } {
  let start = Math.max(0, anchor - CONTEXT);
  let end = Math.min(source.length, anchor + CONTEXT * 2);
  // Whole words at both ends.
  if (start > 0) {
    const space = source.indexOf(' ', start);
    if (space !== -1 && space < anchor) start = space + 1;
  }
  if (end < source.length) {
    const space = source.lastIndexOf(' ', end);
    if (space > anchor) end = space;
  }
  const lead = start > 0 ? '…' : '';
  const excerpt = lead + source.slice(start, end).replace(/\s/g, ' ') + (end < source.length ? '…' : '');
  const marks = found.filter(([from, to]) => from >= start && to <= end).map(([from, to]): [number, number] => [from - start + lead.length, to - start + lead.length]);
  return { excerpt, marks };
}
