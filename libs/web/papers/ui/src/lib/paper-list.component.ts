import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { PaperResponse } from '@ecabinet/shared/contracts';
import { readStateOf } from './read-state';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';
import { PaperClassificationChipComponent, PaperReadChipComponent } from './paper-chips.component';

/**
 * The papers of one agenda item as a member sees them on the meeting page: title, pages, version,
 * classification, read state; open in the reader, download when the paper allows it.
 */
@Component({
  selector: 'ec-paper-list',
  imports: [RouterLink, MatButtonModule, IconComponent, TranslatePipe, PaperReadChipComponent, PaperClassificationChipComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="ec-paper-list" [attr.aria-label]="'papers.sectionTitle' | t">
      @for (paper of papers(); track paper.id) {
        <li class="ec-paper-list__row" [attr.data-paper-id]="paper.id">
          <ec-icon name="description" class="ec-paper-list__icon" />
          <div class="ec-paper-list__text">
            <a class="ec-paper-list__title" [routerLink]="['/meetings', meetingId(), 'papers', paper.id]" [attr.aria-label]="'papers.openPaper' | t: { title: paper.title }">{{ paper.title }}</a>
            <span class="ec-paper-list__meta">
              {{ 'papers.pages' | t: { n: paper.current.pageCount } }}
              @if (paper.current.version > 1) {
                · {{ 'papers.version' | t: { n: paper.current.version } }}
              }
            </span>
          </div>
          <span class="ec-paper-list__chips">
            <ec-paper-classification-chip [classification]="paper.classification" />
            @if (showReadState()) {
              <ec-paper-read-chip [state]="readState(paper)" />
            }
          </span>
          @if (paper.canDownload) {
            <button mat-icon-button type="button" [disabled]="downloading() === paper.id" [attr.aria-label]="'papers.downloadPaper' | t: { title: paper.title }" (click)="download.emit(paper)">
              <ec-icon name="download" />
            </button>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    .ec-paper-list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 2px;
    }
    .ec-paper-list__row {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 44px;
      padding: 2px 4px 2px 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
    }
    .ec-paper-list__icon {
      color: var(--mat-sys-primary);
      flex: none;
    }
    .ec-paper-list__text {
      display: flex;
      flex-direction: column;
      min-width: 0;
      flex: 1;
    }
    .ec-paper-list__title {
      font: var(--mat-sys-body-medium);
      font-weight: 500;
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    .ec-paper-list__title:hover,
    .ec-paper-list__title:focus-visible {
      text-decoration: underline;
      color: var(--mat-sys-primary);
    }
    .ec-paper-list__meta {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-paper-list__chips {
      display: flex;
      gap: 4px;
      flex-wrap: wrap;
      justify-content: flex-end;
    }
  `,
})
export class PaperListComponent {
  readonly meetingId = input.required<string>();
  readonly papers = input.required<readonly PaperResponse[]>();
  /** Members see unread / read / changed; the secretariat, who reads for checking, does not need it. */
  readonly showReadState = input(true);
  /** The paper being downloaded, to disable its button meanwhile. */
  readonly downloading = input<string | null>(null);
  readonly download = output<PaperResponse>();

  protected readState = readStateOf;
}
