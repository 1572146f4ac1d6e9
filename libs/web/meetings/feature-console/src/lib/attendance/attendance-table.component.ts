import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ATTENDANCE_STATES, type AttendanceState, type MeetingResponse, type ParticipantResponse } from '@ecabinet/shared/contracts';
import { QuorumChipComponent } from '@ecabinet/web/meetings/ui';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent } from '@ecabinet/web/shared/ui';

export interface AttendanceChange {
  readonly participant: ParticipantResponse;
  readonly attendance: AttendanceState;
}

/** Who is in the room, online, absent or represented, with the quorum it makes. */
@Component({
  selector: 'ec-attendance-table',
  imports: [MatFormFieldModule, MatSelectModule, DisabledReasonComponent, QuorumChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ec-attendance__head">
      <ec-quorum-chip [quorum]="meeting().quorum" />
      <span class="ec-attendance__rule">{{ 'meetings.quorum.detail' | t: quorumDetail() }}</span>
      @if (!canEdit()) {
        <ec-disabled-reason id="attendance-why">{{ 'meetings.console.attendance.closedWhy' | t }}</ec-disabled-reason>
      }
    </div>
    <div class="ec-table-scroll">
      <table class="ec-attendance" [attr.aria-label]="'meetings.console.attendance.listLabel' | t">
        <thead>
          <tr>
            <th scope="col">{{ 'meetings.console.attendance.name' | t }}</th>
            <th scope="col">{{ 'meetings.console.attendance.role' | t }}</th>
            <th scope="col">{{ 'meetings.console.attendance.state' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (participant of meeting().participants; track participant.userId) {
            <tr [attr.data-user-id]="participant.userId">
              <td>
                <span class="ec-attendance__name">{{ participant.fullName }}</span>
                @if (participant.title) {
                  <span class="ec-attendance__title">{{ participant.title }}</span>
                }
                @if (participant.delegateForUserId) {
                  <span class="ec-attendance__title">{{ 'meetings.console.attendance.standsInFor' | t: { name: nameOf(participant.delegateForUserId) } }}</span>
                }
              </td>
              <td>{{ roleKey(participant) | t }}</td>
              <td class="ec-attendance__state">
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <mat-select
                    [value]="participant.attendance"
                    [disabled]="!canEdit()"
                    [aria-describedby]="canEdit() ? '' : 'attendance-why'"
                    [aria-label]="'meetings.console.attendance.stateFor' | t: { name: participant.fullName }"
                    (selectionChange)="attendanceChange.emit({ participant, attendance: $event.value })"
                  >
                    @for (state of states; track state) {
                      <mat-option [value]="state">{{ stateKey(state) | t }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .ec-attendance__head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 12px;
      padding: 12px 16px;
    }
    .ec-attendance__rule {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-attendance {
      width: 100%;
      border-collapse: collapse;
    }
    th {
      padding: 10px 16px;
      background: var(--mat-sys-surface-container);
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      text-align: left;
    }
    td {
      padding: 6px 16px;
      border-top: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-medium);
      vertical-align: middle;
    }
    .ec-attendance__name {
      display: block;
      font: var(--mat-sys-title-small);
    }
    .ec-attendance__title {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-attendance__state {
      width: 240px;
    }
    .ec-attendance__state mat-form-field {
      width: 100%;
      --mat-form-field-container-height: 40px;
      --mat-form-field-container-vertical-padding: 8px;
    }
  `,
})
export class AttendanceTableComponent {
  readonly meeting = input.required<MeetingResponse>();
  /** False once the meeting is closed (the only time the console withholds it). */
  readonly canEdit = input(false);
  readonly attendanceChange = output<AttendanceChange>();

  protected readonly states = ATTENDANCE_STATES;
  protected readonly quorumDetail = computed(() => {
    const { quorum, quorumNumerator, quorumDenominator } = this.meeting();
    return { members: quorum.members, present: quorum.present, required: quorum.required, numerator: quorumNumerator, denominator: quorumDenominator };
  });

  protected nameOf(userId: string): string {
    return this.meeting().participants.find((participant) => participant.userId === userId)?.fullName ?? '';
  }

  protected roleKey(participant: ParticipantResponse) {
    return `meetings.role.${participant.role}` as const;
  }

  protected stateKey(state: AttendanceState) {
    return `meetings.attendance.${state}` as const;
  }
}
