import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { type AbstractControl, FormControl, FormGroup, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import {
  type CreateMeetingRequest,
  MEETING_KINDS,
  MeetingErrorCode,
  type MeetingKind,
  type MeetingParticipantChoice,
  type MeetingResponse,
  VOTE_RULES,
  type VoteRule,
} from '@ecabinet/shared/contracts';
import { MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { DEFAULT_TIME_ZONE, TranslatePipe, TranslationService, readApiError } from '@ecabinet/web/shared/i18n';
import { IconComponent, PageHeaderComponent, provideTouchedErrorStateMatcher } from '@ecabinet/web/shared/ui';
import { type Observable, of } from 'rxjs';
import { meetingTimesFromInputs, meetingTimesToInputs, tomorrowAt, utcOffsetLabel } from './meeting-times';
import {
  type ParticipantRow,
  ParticipantsEditorComponent,
  hasParticipantProblems,
  participantProblems,
  toParticipantRequests,
} from './participants-editor.component';

function notBlank(control: AbstractControl<string>): ValidationErrors | null {
  return control.value.trim() ? null : { required: true };
}

function webLink(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? null : { link: true };
  } catch {
    return { link: true };
  }
}

function quorumFraction(group: AbstractControl): ValidationErrors | null {
  const numerator = Number(group.get('quorumNumerator')?.value);
  const denominator = Number(group.get('quorumDenominator')?.value);
  const valid = Number.isInteger(numerator) && Number.isInteger(denominator) && numerator >= 1 && denominator >= 1 && numerator <= 100 && denominator <= 100 && numerator <= denominator;
  return valid ? null : { quorum: true };
}

const sameRows = (a: readonly ParticipantRow[], b: readonly ParticipantRow[]) =>
  a.length === b.length && a.every((row, index) => row.userId === b[index]?.userId && row.role === b[index]?.role && row.delegateForUserId === b[index]?.delegateForUserId);

/**
 * The secretariat creates a meeting or edits one: title, kind, place, online link, start and end
 * (typed on the Government's clock, Hanoi by default, whatever the device's zone), quorum, vote
 * rule, whether delegates vote, and the participants with their meeting roles. A new meeting is a
 * draft; after creating it the secretary lands in its console to build the agenda and publish it.
 * An edit sends the version it was read at; if someone saved meanwhile (409) nothing is lost: the
 * form keeps what was typed and offers the current version.
 */
@Component({
  selector: 'ec-meeting-editor-page',
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    PageHeaderComponent,
    IconComponent,
    ParticipantsEditorComponent,
    TranslatePipe,
  ],
  providers: [provideTouchedErrorStateMatcher()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './meeting-editor-page.component.html',
  styleUrl: './meeting-editor-page.component.scss',
})
export class MeetingEditorPageComponent {
  private readonly api = inject(MeetingsApi);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);

  /** The `:meetingId` route parameter; absent for a new meeting. */
  readonly meetingId = input<string | undefined>(undefined);

  protected readonly kinds = MEETING_KINDS;
  protected readonly voteRules = VOTE_RULES;
  protected readonly existing = signal<MeetingResponse | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The meeting as the server has it after a refused (stale) save. */
  private readonly conflict = signal<MeetingResponse | null>(null);
  /** A save was refused because someone else saved first; the form still holds what was typed. */
  protected readonly stale = signal(false);
  protected readonly choices = signal<readonly MeetingParticipantChoice[]>([]);
  protected readonly participants = signal<readonly ParticipantRow[]>([]);
  private readonly savedParticipants = signal<readonly ParticipantRow[]>([]);
  private readonly problems = computed(() => participantProblems(this.participants()));
  protected readonly closed = computed(() => this.existing()?.status === 'closed');

  /** Everyone who may be named, and whoever is already a participant (even if since disabled). */
  protected readonly allChoices = computed<readonly MeetingParticipantChoice[]>(() => {
    const choices = this.choices();
    const known = new Set(choices.map((choice) => choice.id));
    const former = (this.existing()?.participants ?? []).filter((p) => !known.has(p.userId)).map((p) => ({ id: p.userId, fullName: p.fullName, title: p.title, roles: [], organisationId: null }));
    return [...choices, ...former];
  });

  /** "Giờ Hà Nội (UTC+7)" beside the time fields: what the typed times mean. */
  protected readonly timeHint = computed(() => {
    const zone = this.i18n.timeZone();
    const offset = utcOffsetLabel(zone);
    return zone === DEFAULT_TIME_ZONE ? this.i18n.translate('meetings.editor.timeHintHanoi', { offset }) : this.i18n.translate('meetings.editor.timeHintZone', { zone, offset });
  });

  protected readonly form = new FormGroup(
    {
      title: new FormControl('', { nonNullable: true, validators: [notBlank, Validators.maxLength(300)] }),
      kind: new FormControl<MeetingKind>('regular', { nonNullable: true }),
      place: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(300)] }),
      onlineLink: new FormControl('', { nonNullable: true, validators: [webLink, Validators.maxLength(500)] }),
      startsAt: new FormControl(tomorrowAt(8, this.i18n.timeZone()), { nonNullable: true, validators: [Validators.required] }),
      endsAt: new FormControl(tomorrowAt(17, this.i18n.timeZone()), { nonNullable: true }),
      quorumNumerator: new FormControl(2, { nonNullable: true }),
      quorumDenominator: new FormControl(3, { nonNullable: true }),
      voteRule: new FormControl<VoteRule>('majority_of_all', { nonNullable: true }),
      delegatesMayVote: new FormControl(false, { nonNullable: true }),
      speakingLimitMinutes: new FormControl(5, { nonNullable: true, validators: [Validators.min(0), Validators.max(60)] }),
    },
    { validators: [quorumFraction] },
  );

  /** Set when the end is not after the start (shown on the end field). */
  protected readonly endBeforeStart = signal(false);

  constructor() {
    this.api.participantChoices().subscribe({
      next: (choices) => this.choices.set(choices),
      error: (error: unknown) => this.error.set(this.i18n.translate('meetings.participants.loadFailed', { reason: this.i18n.describeError(error) })),
    });
    effect(() => {
      const id = this.meetingId();
      if (id) untracked(() => this.load(id));
    });
    this.form.valueChanges.subscribe(() => this.endBeforeStart.set(false));
  }

  protected kindKey(kind: MeetingKind) {
    return `meetings.kind.${kind}` as const;
  }

  protected voteRuleKey(rule: VoteRule) {
    return `meetings.editor.voteRules.${rule}` as const;
  }

  protected save(): void {
    if (this.saving() || this.closed()) return;
    this.form.markAllAsTouched();
    const value = this.form.getRawValue();
    const times = meetingTimesFromInputs(value.startsAt, value.endsAt, this.i18n.timeZone());
    if ('error' in times) {
      this.endBeforeStart.set(times.error === 'endBeforeStart');
      if (times.error === 'startRequired') this.form.controls.startsAt.setErrors({ required: true });
    }
    if (this.form.invalid || 'error' in times || hasParticipantProblems(this.problems())) {
      this.error.set(this.i18n.translate('meetings.editor.invalid'));
      queueMicrotask(() => document.querySelector<HTMLElement>('.ec-meeting-editor .ng-invalid input, .ec-meeting-editor input.ng-invalid, .ec-meeting-editor [aria-invalid="true"]')?.focus());
      return;
    }
    const request: CreateMeetingRequest = {
      title: value.title.trim(),
      kind: value.kind,
      ...(value.place.trim() || this.existing()?.place ? { place: value.place.trim() } : {}),
      ...(value.onlineLink.trim() ? { onlineLink: value.onlineLink.trim() } : {}),
      startsAt: times.startsAt,
      ...(times.endsAt ? { endsAt: times.endsAt } : {}),
      quorumNumerator: Number(value.quorumNumerator),
      quorumDenominator: Number(value.quorumDenominator),
      voteRule: value.voteRule,
      delegatesMayVote: value.delegatesMayVote,
      speakingLimitMinutes: Math.round(Number(value.speakingLimitMinutes) || 0),
    };
    const existing = this.existing();
    this.saving.set(true);
    this.error.set(null);
    this.conflict.set(null);
    this.stale.set(false);
    (existing ? this.api.update(existing.id, { ...request, version: existing.version }) : this.api.create(request)).subscribe({
      next: (meeting) => this.saveParticipants(meeting, !existing),
      error: (error: unknown) => {
        this.saving.set(false);
        const apiError = readApiError(error);
        if (apiError?.code === MeetingErrorCode.STALE_VERSION) {
          this.conflict.set((apiError.details as { current?: MeetingResponse } | undefined)?.current ?? null);
          this.stale.set(true);
          this.error.set(this.i18n.translate('meetings.editor.conflict'));
          return;
        }
        this.error.set(this.i18n.describeError(error));
      },
    });
  }

  /** Puts the current version in the form after a conflict (the user chose to). */
  protected loadCurrent(): void {
    const current = this.conflict();
    this.conflict.set(null);
    this.stale.set(false);
    this.error.set(null);
    if (current) {
      this.show(current);
    } else {
      const id = this.existing()?.id;
      if (id) this.load(id);
    }
  }

  private saveParticipants(meeting: MeetingResponse, created: boolean): void {
    const rows = this.participants();
    const unchanged = sameRows(rows, this.savedParticipants());
    const request: Observable<MeetingResponse> = unchanged ? of(meeting) : this.api.setParticipants(meeting.id, { participants: toParticipantRequests(rows) });
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.snackBar.open(this.i18n.translate(created ? 'meetings.editor.created' : 'meetings.editor.saved', { title: saved.title }), this.i18n.translate('common.close'), { duration: 5000 });
        void this.router.navigate(['/meetings', saved.id, 'console']);
      },
      error: (error: unknown) => {
        // The meeting itself is saved: from now on this page edits it, and the participants stay as chosen.
        this.saving.set(false);
        this.existing.set(meeting);
        this.error.set(this.i18n.translate('meetings.editor.participantsFailed', { reason: this.i18n.describeError(error) }));
      },
    });
  }

  private load(id: string): void {
    this.loading.set(true);
    this.api.get(id).subscribe({
      next: (meeting) => {
        this.loading.set(false);
        this.show(meeting);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(this.i18n.describeError(error));
      },
    });
  }

  private show(meeting: MeetingResponse): void {
    this.existing.set(meeting);
    const times = meetingTimesToInputs(meeting.startsAt, meeting.endsAt, this.i18n.timeZone());
    this.form.reset({
      title: meeting.title,
      kind: meeting.kind,
      place: meeting.place ?? '',
      onlineLink: meeting.onlineLink ?? '',
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      quorumNumerator: meeting.quorumNumerator,
      quorumDenominator: meeting.quorumDenominator,
      voteRule: meeting.voteRule,
      delegatesMayVote: meeting.delegatesMayVote,
      speakingLimitMinutes: meeting.speakingLimitMinutes ?? 0,
    });
    const rows = meeting.participants.map((p) => ({ userId: p.userId, role: p.role, delegateForUserId: p.delegateForUserId }));
    this.participants.set(rows);
    this.savedParticipants.set(rows);
  }
}
