import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import { MeetingErrorCode, type CheckInCodeResponse, type CheckInResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, DomainError, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { CheckInEntity, ParticipantEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { MeetingStore } from './meeting-store';

/** `EC1.<meetingId>.<userId>.<MAC>`: versioned, so another scheme can follow without ambiguity. */
const PREFIX = 'EC1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The PNG of a check-in code (deterministic: the same code gives the same bytes). */
export function checkInQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 360 });
}

const checkInErrors = {
  invalid: () => new DomainError(MeetingErrorCode.CHECK_IN_CODE_INVALID, 'This is not a check-in code issued by e-Cabinet.'),
  otherMeeting: () => new DomainError(MeetingErrorCode.CHECK_IN_OTHER_MEETING, 'This check-in code is for another meeting.'),
  already: (fullName: string, checkedInAt: Date) =>
    new DomainError(MeetingErrorCode.ALREADY_CHECKED_IN, `${fullName} was already checked in.`, { fullName, checkedInAt: checkedInAt.toISOString() }),
  notOpen: () => new DomainError(MeetingErrorCode.CHECK_IN_NOT_OPEN, 'This meeting is still being prepared: check-in opens once it is published.'),
};

/**
 * Check-in at the door (#15). A participant's code names the meeting and him, with a MAC under a
 * key derived from the server's secret: a code cannot be made up, nor a genuine one moved to
 * another meeting or person. Scanned by the chair's side, it marks him in the room, once.
 */
@Injectable()
export class CheckInService {
  private readonly key: Buffer;

  constructor(
    private readonly store: MeetingStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = createHmac('sha256', config.jwtSecret).update('e-Cabinet check-in codes v1').digest();
  }

  /** The caller's own code (a participant of a meeting that is published or running). */
  async code(meetingId: string, user: AuthenticatedUser): Promise<CheckInCodeResponse> {
    const access = await this.store.access(meetingId, user);
    if (!access.participant) throw meetingErrors.notParticipant();
    if (access.meeting.status === 'closed') throw meetingErrors.closed();
    const code = this.codeFor(meetingId, user.id);
    const svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
    return { meetingId, code, svg };
  }

  /** A participant's code, as his QR holds it (for the invitation e-mail too). */
  codeFor(meetingId: string, userId: string): string {
    return `${PREFIX}.${meetingId}.${userId}.${this.mac(meetingId, userId)}`;
  }

  /** The QR image of a participant's code as PNG, for the invitation e-mail. */
  qrPng(meetingId: string, userId: string): Promise<Buffer> {
    return checkInQrPng(this.codeFor(meetingId, userId));
  }

  async checkIn(meetingId: string, code: string, user: AuthenticatedUser): Promise<CheckInResponse> {
    const [prefix, codeMeeting, userId, mac, ...rest] = code.trim().split('.');
    if (prefix !== PREFIX || rest.length || !UUID.test(codeMeeting ?? '') || !UUID.test(userId ?? '') || !this.macMatches(codeMeeting, userId, mac ?? '')) throw checkInErrors.invalid();
    return this.store.change<CheckInResponse, 'attendance'>(meetingId, async ({ manager, meeting }) => {
      const access = await this.store.accessTo(meeting, user, manager);
      if (access.viewer !== 'manager') throw meetingErrors.notManager();
      if (meeting.status === 'closed') throw meetingErrors.closed();
      if (meeting.status === 'draft') throw checkInErrors.notOpen();
      if (codeMeeting !== meetingId) throw checkInErrors.otherMeeting();
      const participant = await manager.getRepository(ParticipantEntity).findOne({ where: { meetingId, userId } });
      // A genuine code of someone no longer taking part: as good as another meeting's.
      if (!participant) throw checkInErrors.otherMeeting();
      const fullName = (await this.store.users([userId], manager)).get(userId)?.fullName ?? '';
      const checkIns = manager.getRepository(CheckInEntity);
      const before = await checkIns.findOne({ where: { meetingId, userId } });
      if (before) throw checkInErrors.already(fullName, before.checkedInAt);
      const checkedInAt = this.store.now();
      await checkIns.insert({ meetingId, userId, checkedInAt, checkedInBy: user.id });
      await manager.getRepository(ParticipantEntity).update({ meetingId, userId }, { attendance: 'in_room' });
      return {
        result: { userId, fullName, checkedInAt: checkedInAt.toISOString() },
        event: { kind: 'attendance', data: await this.store.attendanceData(meeting, manager) },
        audit: { action: 'meeting.checked-in', details: { userId } },
      };
    });
  }

  private mac(meetingId: string, userId: string): string {
    return createHmac('sha256', this.key).update(`${meetingId.toLowerCase()}.${userId.toLowerCase()}`).digest().subarray(0, 16).toString('base64url');
  }

  private macMatches(meetingId: string, userId: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(meetingId, userId));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
