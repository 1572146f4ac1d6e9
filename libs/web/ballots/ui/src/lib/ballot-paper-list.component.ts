import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { BallotPaperResponse } from '@ecabinet/shared/contracts';
import { PaperClassificationChipComponent } from '@ecabinet/web/papers/ui';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';

/** "1.2 MB": the size of an attached file, as a secretary reads it. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The papers attached to a ballot, each opening in the reader (the reader's own watermarked
 * copy). The secretariat's desk adds a remove button while the ballot is a draft.
 */
@Component({
  selector: 'ec-ballot-paper-list',
  imports: [RouterLink, MatButtonModule, PaperClassificationChipComponent, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (papers().length) {
      <ul class="ec-ballot-papers" data-testid="ballot-papers">
        @for (paper of papers(); track paper.id) {
          <li class="ec-ballot-papers__item" [attr.data-paper-id]="paper.id">
            <ec-icon name="description" aria-hidden="true" />
            <span class="ec-ballot-papers__text">
              <a class="ec-ballot-papers__title" [routerLink]="['/ballots', ballotId(), 'papers', paper.id]">{{ paper.title }}</a>
              <span class="ec-ballot-papers__meta">{{ 'papers.pages' | t: { n: paper.pageCount } }} · {{ size(paper.sizeBytes) }}</span>
            </span>
            <ec-paper-classification-chip [classification]="paper.classification" />
            @if (removable()) {
              <button mat-icon-button type="button" [disabled]="busy()" [attr.aria-label]="'ballots.papers.removeOne' | t: { title: paper.title }" (click)="remove.emit(paper)">
                <ec-icon name="delete" />
              </button>
            }
          </li>
        }
      </ul>
    } @else {
      <p class="ec-ballot-papers__none">{{ 'ballots.papers.none' | t }}</p>
    }
  `,
  styles: `
    .ec-ballot-papers { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
    .ec-ballot-papers__item { display: flex; align-items: center; gap: 10px; padding: 8px 10px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; background: var(--mat-sys-surface); }
    .ec-ballot-papers__text { display: grid; flex: 1; min-width: 0; }
    .ec-ballot-papers__title { font-weight: 600; color: var(--mat-sys-primary); text-decoration: none; overflow-wrap: anywhere; }
    .ec-ballot-papers__title:hover, .ec-ballot-papers__title:focus-visible { text-decoration: underline; }
    .ec-ballot-papers__meta { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .ec-ballot-papers__none { margin: 0; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class BallotPaperListComponent {
  readonly ballotId = input.required<string>();
  readonly papers = input.required<readonly BallotPaperResponse[]>();
  readonly removable = input(false);
  readonly busy = input(false);
  readonly remove = output<BallotPaperResponse>();

  protected readonly size = formatFileSize;
}
