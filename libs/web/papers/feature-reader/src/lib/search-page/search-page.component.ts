import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { SEARCH_QUERY_MAX, SEARCH_QUERY_MIN, searchTerms, type SearchHit, type SearchHitKind, type SearchResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { OfflinePapers, SearchApi } from '@ecabinet/web/papers/data-access';
import { TranslatePipe, TranslationService, type TranslationKey, isNetworkError } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, type IconName, PageHeaderComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';
import type { Subscription } from 'rxjs';

/** A piece of an excerpt, marked when it is a word found. */
export interface ExcerptPart {
  readonly text: string;
  readonly marked: boolean;
}

/** An excerpt cut at its marks (ranges sorted, not overlapping, within the text). */
export function excerptParts(excerpt: string, marks: readonly (readonly [number, number])[]): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let at = 0;
  for (const [from, to] of [...marks].sort((a, b) => a[0] - b[0])) {
    if (from < at || to > excerpt.length || to <= from) continue;
    if (from > at) parts.push({ text: excerpt.slice(at, from), marked: false });
    parts.push({ text: excerpt.slice(from, to), marked: true });
    at = to;
  }
  if (at < excerpt.length) parts.push({ text: excerpt.slice(at), marked: false });
  return parts;
}

interface HitView {
  readonly hit: SearchHit;
  readonly key: string;
  readonly kindLabel: TranslationKey;
  readonly icon: IconName;
  readonly link: string[];
  readonly queryParams: Record<string, string | number> | null;
  readonly parts: ExcerptPart[];
}

const KIND: Record<SearchHitKind, { label: TranslationKey; icon: IconName }> = {
  paper: { label: 'search.kind.paper', icon: 'description' },
  'ballot-paper': { label: 'search.kind.ballotPaper', icon: 'description' },
  note: { label: 'search.kind.note', icon: 'notes' },
  'agenda-item': { label: 'search.kind.agendaItem', icon: 'event' },
  conclusion: { label: 'search.kind.conclusion', icon: 'checkCircle' },
  ballot: { label: 'search.kind.ballot', icon: 'ballot' },
};

/**
 * One search over everything the user may read: papers (opened at the page, the words marked),
 * his notes, agenda items, conclusions and ballots. The query lives in the address (`?q=`), so a
 * search can be reloaded, shared with oneself and left with the back button.
 */
@Component({
  selector: 'ec-search-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    EmptyStateComponent,
    IconComponent,
    PageHeaderComponent,
    StatusChipComponent,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './search-page.component.html',
  styleUrl: './search-page.component.scss',
})
export class SearchPageComponent {
  /** The `q` query parameter. */
  readonly q = input<string | undefined>();

  private readonly api = inject(SearchApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);
  private readonly i18n = inject(TranslationService);
  protected readonly offline = inject(OfflinePapers);
  /** The server could not be reached: the results come from the papers kept on this device. */
  protected readonly onDevice = signal(false);

  protected readonly maxLength = SEARCH_QUERY_MAX;
  protected readonly field = new FormControl('', { nonNullable: true });
  protected readonly query = computed(() => (this.q() ?? '').trim());
  protected readonly response = signal<SearchResponse | null>(null);
  protected readonly loading = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly tooShort = signal(false);
  private running: Subscription | null = null;

  protected readonly hits = computed<HitView[]>(() => {
    const response = this.response();
    if (!response) return [];
    const staff = this.auth.roles().some((role) => role === 'secretary' || role === 'chair');
    return response.hits.map((hit, index) => ({
      hit,
      key: `${hit.kind}:${hit.paperId ?? hit.itemId ?? hit.ballotId}:${hit.page ?? ''}:${index}`,
      kindLabel: KIND[hit.kind].label,
      icon: KIND[hit.kind].icon,
      ...target(hit, response.query, staff),
      parts: excerptParts(hit.excerpt, hit.marks),
    }));
  });

  constructor() {
    effect(() => {
      const query = this.query();
      untracked(() => this.run(query));
    });
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const query = this.field.value.trim();
    if (searchTerms(query).join('').length < SEARCH_QUERY_MIN) {
      this.tooShort.set(true);
      return;
    }
    this.tooShort.set(false);
    if (query === this.query()) this.run(query);
    else void this.router.navigate(['/search'], { queryParams: { q: query } });
  }

  private run(query: string): void {
    this.running?.unsubscribe();
    this.field.setValue(query);
    this.failure.set(null);
    this.response.set(null);
    this.onDevice.set(false);
    if (searchTerms(query).join('').length < SEARCH_QUERY_MIN) {
      this.tooShort.set(query.length > 0);
      this.loading.set(false);
      return;
    }
    this.tooShort.set(false);
    this.loading.set(true);
    this.running = this.api.search(query).subscribe({
      next: (response) => {
        this.response.set(response);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        if (isNetworkError(error)) {
          void this.searchOnDevice(query, error);
          return;
        }
        this.failure.set(this.i18n.describeError(error));
        this.loading.set(false);
      },
    });
  }

  /** No network: the same search over the papers kept on this device. */
  private async searchOnDevice(query: string, networkError: unknown): Promise<void> {
    try {
      const hits = await this.offline.search(query);
      if (this.query() !== query) return;
      this.onDevice.set(true);
      this.response.set({ query, hits, pendingPapers: 0 });
    } catch {
      this.failure.set(this.i18n.describeError(networkError));
    } finally {
      this.loading.set(false);
    }
  }
}

/** Where a hit opens: a paper in the reader at its page with the words marked, the rest on their own page. */
function target(hit: SearchHit, query: string, staff: boolean): { link: string[]; queryParams: Record<string, string | number> | null } {
  switch (hit.kind) {
    case 'paper':
    case 'note':
      return { link: ['/meetings', hit.meetingId ?? '', 'papers', hit.paperId ?? ''], queryParams: { page: hit.page ?? 1, ...(hit.kind === 'paper' ? { q: query } : {}) } };
    case 'ballot-paper':
      return { link: ['/ballots', hit.ballotId ?? '', 'papers', hit.paperId ?? ''], queryParams: { page: hit.page ?? 1, q: query } };
    case 'agenda-item':
    case 'conclusion':
      return { link: ['/meetings', hit.meetingId ?? ''], queryParams: null };
    case 'ballot':
      return { link: [staff ? '/ballot-desk' : '/ballots', hit.ballotId ?? ''], queryParams: null };
  }
}
