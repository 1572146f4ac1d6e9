import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { NotificationKind } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Mailer, type AppConfig } from '@ecabinet/api/platform';
import { UserEntity } from '@ecabinet/api/identity';
import { CheckInService } from '@ecabinet/api/meetings';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NOTIFICATION_WORDING } from './notification-wording';
import type { NotificationEntity } from './notification.entity';

/** The ballot alerts the ballots module e-mails itself (its scheduler and notifier ask the same preferences). */
export const MAILED_BY_BALLOTS: ReadonlySet<NotificationKind> = new Set(['ballot-issued', 'ballot-extended', 'ballot-reminder']);

/**
 * E-mails the notifications the user chose to receive by e-mail too (SMTP configured), with the
 * title and a link only. The ballot alerts in MAILED_BY_BALLOTS are left to the ballots module.
 */
@Injectable()
export class NotificationMailerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly preferences: NotificationPreferencesService,
    private readonly checkIns: CheckInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mail(notifications: readonly NotificationEntity[]): Promise<void> {
    if (!this.mailer.enabled || notifications.length === 0) return;
    const byKind = new Map<NotificationKind, NotificationEntity[]>();
    for (const n of notifications) if (!MAILED_BY_BALLOTS.has(n.kind)) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
    for (const [kind, group] of byKind) {
      const wanting = await this.preferences.wanting(group.map((n) => n.userId), kind);
      if (wanting.size === 0) continue;
      const users = new Map((await this.dataSource.getRepository(UserEntity).find({ where: { id: In([...wanting]) } })).map((u) => [u.id, u]));
      const { vi, en } = NOTIFICATION_WORDING[kind];
      const mails = await Promise.all(
        group.map(async (n) => {
          const user = users.get(n.userId);
          if (!user?.email || user.disabled) return [];
          const link = n.link ? `${this.config.publicUrl}${n.link}` : null;
          // The invitation carries the participant's check-in code (#15), shown at the door.
          const meetingId = kind === 'meeting-published' ? /^\/meetings\/([0-9a-f-]{36})$/.exec(n.link ?? '')?.[1] : undefined;
          const qr = meetingId ? await this.checkIns.qrPng(meetingId, user.id) : null;
          return [
            {
              to: user.email,
              subject: `[e-Cabinet] ${vi}: ${n.title}`,
              text: [
                `Kính gửi ${user.fullName},`,
                '',
                `${vi}: "${n.title}".`,
                ...(link ? [link] : []),
                ...(qr ? ['', 'Mã QR điểm danh của đồng chí cho phiên họp này được đính kèm; xuất trình tại cửa phòng họp. / Your check-in QR code for this meeting is attached.'] : []),
                '',
                `${en}: "${n.title}".`,
                '',
                'Văn phòng Chính phủ — e-Cabinet',
              ].join('\n'),
              headers: { 'X-Ecabinet-Notice': kind, 'X-Ecabinet-Notification': n.id },
              ...(qr ? { attachments: [{ filename: 'ma-diem-danh.png', content: qr, contentType: 'image/png' }] } : {}),
            },
          ];
        }),
      );
      await this.mailer.sendAll(mails.flat());
    }
  }
}
