import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { NotificationKind } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Mailer, type AppConfig } from '@ecabinet/api/platform';
import { UserEntity } from '@ecabinet/api/identity';
import { NotificationPreferencesService } from './notification-preferences.service';
import type { NotificationEntity } from './notification.entity';

/** The ballot alerts the ballots module e-mails itself (its scheduler and notifier ask the same preferences). */
export const MAILED_BY_BALLOTS: ReadonlySet<NotificationKind> = new Set(['ballot-issued', 'ballot-extended', 'ballot-reminder']);

const WORDING: Record<NotificationKind, { vi: string; en: string }> = {
  'ballot-issued': { vi: 'Phiếu lấy ý kiến mới', en: 'A new opinion ballot awaits your answer' },
  'ballot-returned': { vi: 'Phiếu lấy ý kiến được trả lại để chỉnh sửa', en: 'An opinion ballot was returned for rework' },
  'ballot-reminder': { vi: 'Nhắc trả lời phiếu lấy ý kiến', en: 'Reminder to answer an opinion ballot' },
  'ballot-extended': { vi: 'Gia hạn phiếu lấy ý kiến', en: 'The deadline of an opinion ballot was extended' },
  'paper-added': { vi: 'Tài liệu họp mới', en: 'A meeting paper was added' },
  'paper-replaced': { vi: 'Tài liệu họp được thay bằng phiên bản mới', en: 'A meeting paper was replaced by a new version' },
  'meeting-published': { vi: 'Phiên họp được phát hành', en: 'A meeting was published' },
  'meeting-rescheduled': { vi: 'Phiên họp đổi thời gian', en: 'A meeting was rescheduled' },
  'floor-granted': { vi: 'Mời đồng chí phát biểu', en: 'You have the floor' },
  'resolution-issued': { vi: 'Nghị quyết mới được ban hành', en: 'A resolution was issued' },
  'minutes-approved': { vi: 'Biên bản phiên họp đã được duyệt', en: 'The minutes of a meeting were approved' },
  'task-assigned': { vi: 'Nhiệm vụ mới được giao', en: 'A task was assigned to your organisation' },
  'task-decided': { vi: 'Văn phòng Chính phủ đã xem xét đề nghị về nhiệm vụ', en: 'The Government Office decided on a task request' },
  'task-reminder': { vi: 'Nhắc thời hạn nhiệm vụ', en: 'A task falls due soon' },
  'task-overdue': { vi: 'Nhiệm vụ quá hạn', en: 'A task is overdue' },
  'signing-key-registered': {
    vi: 'Một khóa ký số vừa được đăng ký dưới tên đồng chí; nếu không phải đồng chí đăng ký, hãy báo ngay cho Văn phòng',
    en: 'A signing key was registered in your name; if it was not you, tell the Office at once',
  },
};

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
      const { vi, en } = WORDING[kind];
      await this.mailer.sendAll(
        group.flatMap((n) => {
          const user = users.get(n.userId);
          if (!user?.email || user.disabled) return [];
          const link = n.link ? `${this.config.publicUrl}${n.link}` : null;
          return [
            {
              to: user.email,
              subject: `[e-Cabinet] ${vi}: ${n.title}`,
              text: [`Kính gửi ${user.fullName},`, '', `${vi}: "${n.title}".`, ...(link ? [link] : []), '', `${en}: "${n.title}".`, '', 'Văn phòng Chính phủ — e-Cabinet'].join('\n'),
              headers: { 'X-Ecabinet-Notice': kind, 'X-Ecabinet-Notification': n.id },
            },
          ];
        }),
      );
    }
  }
}
