/**
 * Search across what a user may read (#14): papers' text, his own notes, agenda items, ballots
 * and conclusions. Vietnamese is matched with or without its marks: both the text and the query
 * are folded the same way, here, by the API and the web app alike.
 */

/** What a hit is. */
export const SEARCH_HIT_KINDS = ['paper', 'ballot-paper', 'note', 'agenda-item', 'conclusion', 'ballot'] as const;
export type SearchHitKind = (typeof SEARCH_HIT_KINDS)[number];

/** A query is at least this long once trimmed, and at most this long. */
export const SEARCH_QUERY_MIN = 2;
export const SEARCH_QUERY_MAX = 200;

export interface SearchHit {
  kind: SearchHitKind;
  /** The paper's, the item's or the ballot's title. */
  title: string;
  /** Where it is: the meeting's title, or the ballot's for a ballot paper. */
  context: string;
  /** A short excerpt around the first match; `marks` are [start, end) ranges of the words found in it. */
  excerpt: string;
  marks: [number, number][];
  /** The page of a paper or a note (1-based). */
  page: number | null;
  meetingId: string | null;
  itemId: string | null;
  paperId: string | null;
  ballotId: string | null;
  /** Higher is better; hits come best first. */
  score: number;
}

export interface SearchResponse {
  query: string;
  hits: SearchHit[];
  /** Papers whose text is still being read (not yet searchable). */
  pendingPapers: number;
}

/**
 * Lower case without tone and vowel marks, đ as d ("Giải ngân" -> "giai ngan"). The result has
 * the length of the NFC text, character for character, so positions found in it are positions
 * in `text.normalize('NFC')`.
 */
export function foldForSearch(text: string): string {
  const source = text.normalize('NFC');
  const whole = foldRun(source);
  if (whole.length === source.length) return whole;
  // A character that folds to more or fewer (a ligature, a rare capital) keeps its place.
  let out = '';
  for (const char of source) {
    const folded = foldRun(char);
    out += folded.length === char.length ? folded : char;
  }
  return out;
}

function foldRun(text: string): string {
  return text
    .toLocaleLowerCase('vi')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

/** The words of a query or a text, folded: letters and digits, in order. */
export function searchTerms(text: string): string[] {
  return foldForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
