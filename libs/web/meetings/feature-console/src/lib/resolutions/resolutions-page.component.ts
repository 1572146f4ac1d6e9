import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { ResolutionResponse } from '@ecabinet/shared/contracts';
import { ResolutionsApi } from '@ecabinet/web/meetings/data-access';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, PageHeaderComponent, StatusChipComponent, provideTranslatedPaginator } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/** The Government's resolutions: every issued one, newest first; the secretariat and the chair also see drafts, first. */
@Component({
  selector: 'ec-resolutions-page',
  imports: [RouterLink, MatPaginatorModule, MatProgressBarModule, EmptyStateComponent, PageHeaderComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  providers: [provideTranslatedPaginator()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-page-header [heading]="'resolutions.title' | t" [subtitle]="'resolutions.subtitle' | t" />
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'resolutions.loading' | t" />
    } @else if (failure(); as message) {
      <section class="ec-card"><ec-empty-state icon="error" [headingLevel]="2" [heading]="'resolutions.loadFailed' | t" [message]="message" /></section>
    } @else if (resolutions().length === 0) {
      <section class="ec-card"><ec-empty-state icon="description" [headingLevel]="2" [heading]="'resolutions.empty' | t" [message]="'resolutions.emptyHint' | t" /></section>
    } @else {
      <ul class="ec-card ec-resolutions" [attr.aria-label]="'resolutions.title' | t">
        @for (r of resolutions(); track r.id) {
          <li class="ec-resolutions__row" [attr.data-resolution]="r.id">
            <div class="ec-resolutions__main">
              <a class="ec-resolutions__title" [routerLink]="['/resolutions', r.id]">
                @if (r.number) {
                  <span class="ec-resolutions__number">{{ 'resolutions.numberPrefix' | t: { number: r.number } }}</span>
                }
                {{ r.title }}
              </a>
              <span class="ec-resolutions__meta">
                @if (r.issuedAt) {
                  {{ 'resolutions.issuedOn' | t: { time: (r.issuedAt | dateTime) } }} ·
                }
                {{ 'resolutions.sectionCount' | t: { n: r.sections.length } }}
              </span>
            </div>
            @if (r.status === 'issued') {
              <ec-status-chip tone="success" icon="checkCircle">{{ 'resolutions.issuedShort' | t }}</ec-status-chip>
            } @else {
              <ec-status-chip tone="warning" icon="edit">{{ 'resolutions.draftChip' | t }}</ec-status-chip>
            }
          </li>
        }
      </ul>
      <mat-paginator [length]="total()" [pageIndex]="pageIndex()" [pageSize]="pageSize()" [pageSizeOptions]="[25, 50, 100]" (page)="showPage($event)" />
    }
  `,
  styles: `
    .ec-resolutions {
      margin: 0;
      padding: 0 16px;
      list-style: none;
    }
    .ec-resolutions__row {
      display: flex;
      gap: 12px;
      align-items: center;
      justify-content: space-between;
      min-height: 56px;
      padding: 10px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-resolutions__row:first-child {
      border-top: none;
    }
    .ec-resolutions__main {
      display: grid;
      gap: 2px;
    }
    .ec-resolutions__title {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface);
    }
    .ec-resolutions__number {
      margin-right: 6px;
      color: var(--mat-sys-primary);
    }
    .ec-resolutions__meta {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ResolutionsPageComponent {
  private readonly i18n = inject(TranslationService);
  private readonly api = inject(ResolutionsApi);
  protected readonly resolutions = signal<readonly ResolutionResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly failure = signal<string | null>(null);
  protected readonly total = signal(0);
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);

  constructor() {
    this.load();
  }

  protected showPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
    this.load();
  }

  private load(): void {
    this.loading.set(true);
    this.api
      .list(this.pageIndex() * this.pageSize(), this.pageSize())
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (page) => {
          this.resolutions.set(page.items);
          this.total.set(page.total);
        },
        error: (error: unknown) => this.failure.set(this.i18n.describeError(error)),
      });
  }
}
