import { ChangeDetectionStrategy, Component, type OnInit, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { TASK_FILTERS, TASK_REMIND_SKIPS, type OrganisationResponse, type RemindTasksResponse, type TaskDetailResponse, type TaskFilter, type TaskListResponse } from '@ecabinet/shared/contracts';
import { BallotsApi } from '@ecabinet/web/ballots/data-access';
import { AuthStore, OrganisationsApi } from '@ecabinet/web/identity/data-access';
import { TasksApi, type TaskQuery } from '@ecabinet/web/meetings/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, PageHeaderComponent, StatusChipComponent, provideTranslatedPaginator, saveBlob } from '@ecabinet/web/shared/ui';
import { catchError, finalize, map, of, startWith, switchMap } from 'rxjs';
import { TaskFormDialogComponent, type TaskFormDialogData } from './task-form-dialog.component';
import { TIMELINESS_CHIP, TaskLabels } from './task-labels';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; page: TaskListResponse };

/**
 * The task board of the secretariat and the chair (every task, filtered by status, organisation
 * and due date, paged), and "Nhiệm vụ của tôi" for everyone else (his organisation's tasks and
 * those he is responsible for, the soonest due first).
 */
@Component({
  selector: 'ec-tasks-page',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    EmptyStateComponent,
    IconComponent,
    PageHeaderComponent,
    StatusChipComponent,
    TranslatePipe,
  ],
  providers: [provideTranslatedPaginator()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './tasks-page.component.html',
  styleUrl: './tasks-page.component.scss',
})
export class TasksPageComponent implements OnInit {
  /** Query parameters a link may open the list with (the statistics do): `?filter=overdue&organisationId=…&dueFrom=…&dueTo=…`. */
  readonly filter = input<string | undefined>(undefined);
  readonly organisationId = input<string | undefined>(undefined);
  readonly dueFrom = input<string | undefined>(undefined);
  readonly dueTo = input<string | undefined>(undefined);
  /** `?assignFrom=ballot&sourceId=…`: the closed ballot's page sends the secretariat here to assign a task from it. */
  readonly assignFrom = input<string | undefined>(undefined);
  readonly sourceId = input<string | undefined>(undefined);

  private readonly api = inject(TasksApi);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly ballots = inject(BallotsApi);
  protected readonly i18n = inject(TranslationService);

  protected readonly staff = computed(() => this.auth.roles().some((role) => role === 'secretary' || role === 'chair'));
  protected readonly canAssign = computed(() => this.auth.roles().includes('secretary'));
  protected readonly filters: readonly (TaskFilter | 'all')[] = ['all', ...TASK_FILTERS];
  protected readonly chip = TIMELINESS_CHIP;
  protected readonly labels = inject(TaskLabels);

  protected readonly filterChoice = signal<TaskFilter | 'all'>('open');
  protected readonly organisationChoice = signal('');
  protected readonly dueFromChoice = signal('');
  protected readonly dueToChoice = signal('');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);
  private readonly reloads = signal(0);
  protected readonly exporting = signal(false);
  protected readonly exportError = signal<string | null>(null);
  /** The open tasks of the page shown that the secretariat ticked, to remind of at once. */
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly reminding = signal(false);
  protected readonly remindOutcome = signal<{ tone: 'success' | 'error'; text: string } | null>(null);

  protected readonly organisations = toSignal(inject(OrganisationsApi).list().pipe(catchError(() => of([] as OrganisationResponse[]))), { initialValue: [] as OrganisationResponse[] });

  /** The filters as the API takes them; a retry asks again for the same ones. */
  private readonly query = computed<{ query: TaskQuery; reload: number }>(() => ({
    query: {
      filter: this.filterChoice() === 'all' ? undefined : (this.filterChoice() as TaskFilter),
      organisationId: this.organisationChoice() || undefined,
      dueFrom: this.dueFromChoice() || undefined,
      dueTo: this.dueToChoice() || undefined,
      mine: this.staff() ? undefined : true,
      offset: this.pageIndex() * this.pageSize(),
      limit: this.pageSize(),
    },
    reload: this.reloads(),
  }));

  /** The page for the filters as they stand: a newer choice cancels the request of an older one. */
  protected readonly loaded = toSignal(
    toObservable(this.query).pipe(
      switchMap(({ query }) =>
        this.api.list(query).pipe(
          map((page): Loaded => ({ state: 'ready', page })),
          catchError((error: unknown) => of<Loaded>({ state: 'failed', message: this.i18n.describeError(error) })),
          startWith<Loaded>({ state: 'loading' }),
        ),
      ),
    ),
    { initialValue: { state: 'loading' } as Loaded },
  );
  /** The last page shown stays on screen while the next loads. */
  private lastPage: TaskListResponse | null = null;
  protected readonly page = computed(() => {
    const loaded = this.loaded();
    if (loaded.state === 'ready') this.lastPage = loaded.page;
    return loaded.state === 'failed' ? null : this.lastPage;
  });

  /** The open tasks of the page shown (the ones that can be reminded of). */
  protected readonly openOnPage = computed(() => (this.page()?.items ?? []).filter((task) => task.status === 'open').map((task) => task.id));
  protected readonly allSelected = computed(() => this.openOnPage().length > 0 && this.openOnPage().every((id) => this.selected().has(id)));

  ngOnInit(): void {
    const filter = this.filter();
    if (filter && (this.filters as readonly string[]).includes(filter)) this.filterChoice.set(filter as TaskFilter | 'all');
    const date = /^\d{4}-\d{2}-\d{2}$/;
    if (this.organisationId()) this.organisationChoice.set(this.organisationId() as string);
    if (date.test(this.dueFrom() ?? '')) this.dueFromChoice.set(this.dueFrom() as string);
    if (date.test(this.dueTo() ?? '')) this.dueToChoice.set(this.dueTo() as string);
    const ballotId = this.sourceId();
    if (this.assignFrom() === 'ballot' && ballotId && this.canAssign()) {
      this.ballots.get(ballotId).subscribe({
        next: (ballot) => this.openForm({ source: { type: 'ballot', id: ballot.id, label: ballot.title } }, true),
        error: (error: unknown) => this.exportError.set(this.i18n.describeError(error)),
      });
    }
  }

  protected setFilter(filter: TaskFilter | 'all'): void {
    this.filterChoice.set(filter);
    this.firstPage();
  }

  protected setOrganisation(id: string): void {
    this.organisationChoice.set(id);
    this.firstPage();
  }

  protected setDue(which: 'from' | 'to', value: string): void {
    (which === 'from' ? this.dueFromChoice : this.dueToChoice).set(value);
    this.firstPage();
  }

  protected showPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
    this.selected.set(new Set());
  }

  /** A new choice of filter shows its first page, with nothing ticked and the last reminders' outcome gone with the list it was about. */
  private firstPage(): void {
    this.pageIndex.set(0);
    this.selected.set(new Set());
    this.remindOutcome.set(null);
  }

  protected toggle(id: string, on: boolean): void {
    const next = new Set(this.selected());
    if (on) next.add(id);
    else next.delete(id);
    this.selected.set(next);
  }

  protected toggleAll(on: boolean): void {
    this.selected.set(new Set(on ? this.openOnPage() : []));
  }

  /** Reminds the people responsible for the ticked tasks now, and says what was done with each. */
  protected remind(): void {
    const ids = [...this.selected()];
    if (!ids.length || this.reminding()) return;
    this.reminding.set(true);
    this.remindOutcome.set(null);
    this.api
      .remind(ids)
      .pipe(finalize(() => this.reminding.set(false)))
      .subscribe({
        next: (result) => {
          this.selected.set(new Set());
          this.remindOutcome.set({ tone: result.reminded.length ? 'success' : 'error', text: this.describeReminders(result) });
        },
        error: (error: unknown) => this.remindOutcome.set({ tone: 'error', text: this.i18n.describeError(error) }),
      });
  }

  private describeReminders(result: RemindTasksResponse): string {
    const reminded = result.reminded.length ? this.i18n.translate('tasks.reminded', { n: result.reminded.length }) : '';
    const skipped = TASK_REMIND_SKIPS.map((reason) => ({ reason, n: result.skipped.filter((s) => s.reason === reason).length }))
      .filter(({ n }) => n > 0)
      .map(({ reason, n }) => this.i18n.translate(`tasks.remindSkipped.${reason}`, { n }));
    if (!skipped.length) return reminded;
    const lead = this.i18n.translate(result.reminded.length ? 'tasks.remindSkippedLead' : 'tasks.remindNone');
    return `${reminded} ${lead}: ${skipped.join('; ')}.`.trim();
  }

  /** The list as filtered on screen, as a spreadsheet. */
  protected exportAs(format: 'xlsx' | 'csv'): void {
    if (this.exporting()) return;
    this.exporting.set(true);
    this.exportError.set(null);
    this.api
      .export(this.query().query, format, this.i18n.lang())
      .pipe(finalize(() => this.exporting.set(false)))
      .subscribe({
        next: (blob) => saveBlob(blob, `nhiem-vu-${this.i18n.governmentDate()}.${format}`),
        error: (error: unknown) => this.exportError.set(this.i18n.describeError(error)),
      });
  }

  protected retry(): void {
    this.reloads.update((n) => n + 1);
  }

  protected assign(): void {
    this.openForm({ source: { type: 'direct', id: null, label: '' } }, false);
  }

  /** The task form; the task made opens. Opened from a link naming its source, cancelling leaves the board without it. */
  private openForm(data: TaskFormDialogData, fromLink: boolean): void {
    this.dialog
      .open<TaskFormDialogComponent, TaskFormDialogData, TaskDetailResponse>(TaskFormDialogComponent, { data, autoFocus: 'first-tabbable', width: '720px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((task) => {
        if (task) void this.router.navigate(['/tasks', task.id]);
        else if (fromLink) void this.router.navigate(['/tasks'], { replaceUrl: true });
      });
  }
}
