import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, DomainEvents, EmailPreferences, Mailer, formatGovernmentTime, type AppConfig } from '@ecabinet/api/platform';
import { UserEntity } from '@ecabinet/api/identity';

/** E-mails recipients when a ballot is issued or its deadline moves (in-app alerts go over /live). */
@Injectable()
export class BallotNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly mailer: Mailer,
    private readonly preferences: EmailPreferences,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.events.on('ballot.issued').subscribe(({ payload }) => void this.mail(payload, 'issued', 'Phiếu lấy ý kiến mới', 'A new opinion ballot awaits your answer')),
      this.events.on('ballot.extended').subscribe(({ payload }) => void this.mail(payload, 'extended', 'Gia hạn phiếu lấy ý kiến', 'The deadline of an opinion ballot was extended')),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
  }

  private async mail(payload: { ballotId: string; title: string; deadline: string; userIds: string[] }, kind: 'issued' | 'extended', subjectVi: string, english: string): Promise<void> {
    if (!this.mailer.enabled || payload.userIds.length === 0) return;
    // Each recipient chooses (account page) whether this kind also comes by e-mail.
    const wanting = await this.preferences.wanting(payload.userIds, kind === 'issued' ? 'ballot-issued' : 'ballot-extended');
    const users = await this.dataSource.getRepository(UserEntity).find({ where: { id: In([...wanting]) } });
    const deadline = formatGovernmentTime(payload.deadline, this.config.timeZone);
    await this.mailer.sendAll(
      users
        .filter((u) => u.email)
        .map((u) => ({
          to: u.email as string,
          subject: `[e-Cabinet] ${subjectVi}: ${payload.title}`,
          text: [`Kính gửi ${u.fullName},`, '', `${subjectVi}: "${payload.title}".`, `Hạn trả lời: ${deadline}.`, `${this.config.publicUrl}/ballots/${payload.ballotId}`, '', `${english}: ${payload.title} (deadline ${payload.deadline}).`].join('\n'),
          headers: { 'X-Ecabinet-Notice': kind, 'X-Ecabinet-Ballot': payload.ballotId },
        })),
    );
  }
}
