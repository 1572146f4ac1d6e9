import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { PaperTraceResponse } from '@ecabinet/shared/contracts';
import { PapersApi } from '@ecabinet/web/papers/data-access';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, PageHeaderComponent } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/** Trace codes are printed as two groups of four letters or digits, e.g. 7K3M-Q9XD. */
const TRACE_CODE = /^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/;

/** Admin: from the trace code printed on a leaked page to whose copy it was, and when. */
@Component({
  selector: 'ec-paper-trace-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, PageHeaderComponent, IconComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-page-header [heading]="'traces.title' | t" [subtitle]="'traces.intro' | t" />
    <section class="ec-card">
      <form class="ec-trace__form" novalidate [formGroup]="form" (ngSubmit)="lookUp()">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'traces.code' | t }}</mat-label>
          <input matInput [formControl]="code" autocomplete="off" spellcheck="false" data-testid="trace-code" />
          <mat-hint>{{ 'traces.codeHint' | t }}</mat-hint>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()"><ec-icon name="search" />{{ 'traces.lookup' | t }}</button>
      </form>
      <div aria-live="polite">
        @if (error(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
        @if (result(); as trace) {
          <h2 class="ec-card__title">{{ 'traces.result' | t: { code: trace.code } }}</h2>
          <dl class="ec-trace__result" data-testid="trace-result">
            <dt>{{ 'traces.user' | t }}</dt>
            <dd>{{ trace.user.fullName }} ({{ trace.user.username }})</dd>
            <dt>{{ 'traces.meeting' | t }}</dt>
            <dd>{{ trace.meeting.title }}</dd>
            <dt>{{ 'traces.paper' | t }}</dt>
            <dd>
              @if (trace.paper; as paper) {
                {{ paper.title }} · {{ 'papers.version' | t: { n: paper.version } }}
              } @else {
                {{ 'traces.book' | t }}
              }
            </dd>
            <dt>{{ 'traces.purpose' | t }}</dt>
            <dd>{{ (trace.purpose === 'view' ? 'traces.purposeView' : 'traces.purposeDownload') | t }}</dd>
            <dt>{{ 'traces.when' | t }}</dt>
            <dd>{{ trace.createdAt | dateTime }}</dd>
          </dl>
        }
      </div>
    </section>
  `,
  styles: `
    .ec-trace__form {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      flex-wrap: wrap;
    }
    .ec-trace__form button {
      margin-top: 8px;
    }
    .ec-trace__result {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 6px 16px;
      margin: 0;
    }
    .ec-trace__result dt {
      font-weight: 600;
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-trace__result dd {
      margin: 0;
    }
  `,
})
export class PaperTracePageComponent {
  private readonly api = inject(PapersApi);
  private readonly i18n = inject(TranslationService);
  protected readonly code = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(TRACE_CODE)] });
  protected readonly form = new FormGroup({ code: this.code });
  protected readonly busy = signal(false);
  protected readonly result = signal<PaperTraceResponse | null>(null);
  protected readonly error = signal<string | null>(null);

  protected lookUp(): void {
    const raw = this.code.value.trim().toUpperCase();
    this.result.set(null);
    if (!TRACE_CODE.test(raw)) {
      this.error.set(this.i18n.translate('errors.TRACE_NOT_FOUND'));
      return;
    }
    const code = raw.includes('-') ? raw : `${raw.slice(0, 4)}-${raw.slice(4)}`;
    this.error.set(null);
    this.busy.set(true);
    this.api
      .trace(code)
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (trace) => this.result.set(trace),
        error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
      });
  }
}
