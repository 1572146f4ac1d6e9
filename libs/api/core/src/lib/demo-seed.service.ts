import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ParticipantRequest, Role } from '@ecabinet/shared/contracts';
import { APP_CONFIG, type AppConfig } from '@ecabinet/api/platform';
import { AuditService } from '@ecabinet/api/audit';
import { OrganisationsService, UsersService, type UserEntity } from '@ecabinet/api/identity';
import { AgendaService, MeetingsService } from '@ecabinet/api/meetings';
import { PaperIntake, PapersService } from '@ecabinet/api/papers';
import { DEMO_PAPERS, renderDemoPaper } from './demo-papers';
import type { AuthenticatedUser } from '@ecabinet/api/platform';

export const DEMO_PASSWORD = 'ecabinet-demo';

interface DemoMeeting {
  meetingId: string;
  /** Top-level agenda items by title. */
  itemIds: Map<string, string>;
}

interface DemoUser {
  username: string;
  fullName: string;
  title: string;
  roles: Role[];
  /** The symbol of the organisation the user belongs to. */
  organisation: string;
}

/** The demo's organisations, each with the user who leads it. */
export const DEMO_ORGANISATIONS: readonly { name: string; shortName: string; symbol: string; head: string | null }[] = [
  { name: 'Chính phủ', shortName: 'Chính phủ', symbol: 'CP', head: 'chair' },
  { name: 'Văn phòng Chính phủ', shortName: 'VPCP', symbol: 'VPCP', head: 'member8' },
  { name: 'Bộ Tài chính', shortName: 'Tài chính', symbol: 'BTC', head: 'member1' },
  { name: 'Bộ Tư pháp', shortName: 'Tư pháp', symbol: 'BTP', head: 'member2' },
  { name: 'Bộ Kế hoạch và Đầu tư', shortName: 'Kế hoạch và Đầu tư', symbol: 'BKHĐT', head: 'member3' },
  { name: 'Bộ Công Thương', shortName: 'Công Thương', symbol: 'BCT', head: 'member4' },
  { name: 'Bộ Giáo dục và Đào tạo', shortName: 'Giáo dục và Đào tạo', symbol: 'BGDĐT', head: 'member5' },
  { name: 'Bộ Y tế', shortName: 'Y tế', symbol: 'BYT', head: 'member6' },
  { name: 'Bộ Nội vụ', shortName: 'Nội vụ', symbol: 'BNV', head: 'member7' },
  { name: 'Bộ Ngoại giao', shortName: 'Ngoại giao', symbol: 'BNG', head: null },
];

/** A fictional government: names and portfolios are illustrative only. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', title: 'Trung tâm Tin học, Văn phòng Chính phủ', roles: ['admin'], organisation: 'VPCP' },
  { username: 'secretary', fullName: 'Trần Thị Thu Hà', title: 'Vụ Tổng hợp, Văn phòng Chính phủ', roles: ['secretary'], organisation: 'VPCP' },
  { username: 'chair', fullName: 'Nguyễn Văn Minh', title: 'Thủ tướng Chính phủ', roles: ['chair', 'member'], organisation: 'CP' },
  { username: 'member1', fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính', roles: ['member'], organisation: 'BTC' },
  { username: 'member2', fullName: 'Phạm Thị Lan', title: 'Bộ trưởng Bộ Tư pháp', roles: ['member'], organisation: 'BTP' },
  { username: 'member3', fullName: 'Đặng Văn Đức', title: 'Bộ trưởng Bộ Kế hoạch và Đầu tư', roles: ['member'], organisation: 'BKHĐT' },
  { username: 'member4', fullName: 'Hoàng Minh Tuấn', title: 'Bộ trưởng Bộ Công Thương', roles: ['member'], organisation: 'BCT' },
  { username: 'member5', fullName: 'Vũ Thị Hồng Nhung', title: 'Bộ trưởng Bộ Giáo dục và Đào tạo', roles: ['member'], organisation: 'BGDĐT' },
  { username: 'member6', fullName: 'Bùi Đức Thắng', title: 'Bộ trưởng Bộ Y tế', roles: ['member'], organisation: 'BYT' },
  { username: 'member7', fullName: 'Ngô Thanh Sơn', title: 'Bộ trưởng Bộ Nội vụ', roles: ['member'], organisation: 'BNV' },
  { username: 'member8', fullName: 'Đỗ Thị Mai Anh', title: 'Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ', roles: ['member'], organisation: 'VPCP' },
  { username: 'observer', fullName: 'Trịnh Văn Khải', title: 'Thứ trưởng Bộ Ngoại giao (khách mời)', roles: ['observer'], organisation: 'BNG' },
  { username: 'officer', fullName: 'Trần Văn Chứng', title: 'Cán bộ chứng thực, Văn phòng Chính phủ', roles: ['officer'], organisation: 'VPCP' },
];

/**
 * Fills an empty database with the demo government (development only: configuration never
 * enables it in production). Returns whether it seeded, so the bootstrap can print the logins.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly papers: PapersService,
    private readonly intake: PaperIntake,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    if (!this.config.seedDemo || (await this.users.count()) > 0) return false;
    const organisations = new Map<string, string>();
    for (const { name, shortName, symbol } of DEMO_ORGANISATIONS) organisations.set(symbol, (await this.organisations.create({ name, shortName, symbol })).id);
    const created = new Map<string, UserEntity>();
    for (const { organisation, ...user } of DEMO_USERS) {
      created.set(user.username, await this.users.create({ ...user, password: DEMO_PASSWORD, organisationId: organisations.get(organisation) }));
    }
    for (const { symbol, head } of DEMO_ORGANISATIONS) {
      if (head) await this.organisations.update(organisations.get(symbol) as string, { headUserId: (created.get(head) as UserEntity).id });
    }
    const upcoming = await this.seedMeetings(created);
    const papers = this.config.seedDemoPapers ? await this.seedPapers(upcoming, created) : 0;
    await this.audit.record({ action: 'system.seeded', details: { users: DEMO_USERS.length, meetings: 2, papers } });
    this.logger.log(`seeded the demo government (${DEMO_USERS.length} users, 2 meetings)`);
    return true;
  }

  /** A published session next week with a full agenda, and last month's closed session. */
  private async seedMeetings(users: Map<string, UserEntity>): Promise<DemoMeeting> {
    const as = (username: string): AuthenticatedUser => {
      const user = users.get(username) as UserEntity;
      return { id: user.id, username: user.username, fullName: user.fullName, roles: user.roles };
    };
    const secretary = as('secretary');
    const chair = as('chair');
    const participants = DEMO_USERS.flatMap((user): ParticipantRequest[] => {
      const id = users.get(user.username)?.id as string;
      if (user.username === 'chair') return [{ userId: id, role: 'chair' as const }];
      if (user.username.startsWith('member')) return [{ userId: id, role: 'member' as const }];
      if (user.username === 'observer') return [{ userId: id, role: 'observer' as const }];
      if (user.username === 'secretary') return [{ userId: id, role: 'secretary' as const }];
      return [];
    });
    const day = 86_400_000;
    const at = (daysFromNow: number, hour: number) => {
      const date = new Date(Date.now() + daysFromNow * day);
      date.setUTCHours(hour - 7, 0, 0, 0); // hours in Vietnam time (UTC+7)
      return date.toISOString();
    };

    const upcoming = await this.meetings.create(
      {
        title: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026',
        kind: 'regular',
        place: 'Phòng họp A, Trụ sở Chính phủ, số 1 Hoàng Hoa Thám, Hà Nội',
        onlineLink: 'https://hop.chinhphu.example.vn/phien-thuong-ky-11-2026',
        startsAt: at(7, 8),
        endsAt: at(7, 17),
        speakingLimitMinutes: 5,
      },
      secretary,
    );
    await this.meetings.setParticipants(upcoming.id, participants, secretary);
    const items: { title: string; presenter: string; minutes: number; summary: string; children?: { title: string; presenter: string; minutes: number }[] }[] = [
      {
        title: 'Báo cáo tình hình kinh tế - xã hội tháng 11 và 11 tháng năm 2026',
        presenter: 'Bộ Kế hoạch và Đầu tư',
        minutes: 45,
        summary: 'Đánh giá kết quả thực hiện các chỉ tiêu chủ yếu, nhận diện rủi ro và đề xuất giải pháp cho tháng 12.',
        children: [
          { title: 'Tình hình thực hiện Nghị quyết số 01/NQ-CP', presenter: 'Bộ Kế hoạch và Đầu tư', minutes: 15 },
          { title: 'Tình hình giải ngân vốn đầu tư công', presenter: 'Bộ Tài chính', minutes: 15 },
        ],
      },
      {
        title: 'Dự án Luật sửa đổi, bổ sung một số điều của Luật Ngân sách nhà nước',
        presenter: 'Bộ Tài chính',
        minutes: 30,
        summary: 'Chính phủ cho ý kiến về các vấn đề còn ý kiến khác nhau trước khi trình Quốc hội.',
      },
      {
        title: 'Đề nghị xây dựng Nghị định quy định về phiên họp điện tử của Chính phủ',
        presenter: 'Văn phòng Chính phủ',
        minutes: 20,
        summary: 'Quy định giá trị pháp lý của phiếu lấy ý kiến điện tử và chữ ký số của thành viên Chính phủ.',
      },
      {
        title: 'Phương án điều chỉnh giá bán lẻ điện bình quân',
        presenter: 'Bộ Công Thương',
        minutes: 20,
        summary: 'Xin ý kiến Chính phủ về thời điểm và mức điều chỉnh.',
      },
      {
        title: 'Báo cáo công tác chỉ đạo, điều hành của Chính phủ, Thủ tướng Chính phủ tháng 11',
        presenter: 'Văn phòng Chính phủ',
        minutes: 20,
        summary: 'Kết quả thực hiện nhiệm vụ được giao và các nhiệm vụ quá hạn.',
      },
      {
        title: 'Tình hình xây dựng, ban hành văn bản quy định chi tiết',
        presenter: 'Bộ Tư pháp',
        minutes: 15,
        summary: 'Các văn bản chậm ban hành và nguyên nhân.',
      },
    ];
    let agendaVersion = upcoming.agendaVersion;
    const itemIds = new Map<string, string>();
    for (const item of items) {
      const parent = await this.agenda.add(
        upcoming.id,
        { title: item.title, presenter: item.presenter, plannedMinutes: item.minutes, summary: item.summary, agendaVersion },
        secretary,
      );
      agendaVersion += 1;
      itemIds.set(item.title, parent.id);
      for (const child of item.children ?? []) {
        await this.agenda.add(upcoming.id, { parentId: parent.id, title: child.title, presenter: child.presenter, plannedMinutes: child.minutes, agendaVersion }, secretary);
        agendaVersion += 1;
      }
    }
    await this.meetings.changeStatus(upcoming.id, 'published', secretary);

    const past = await this.meetings.create(
      {
        title: 'Phiên họp Chính phủ thường kỳ tháng 10 năm 2026',
        kind: 'regular',
        place: 'Phòng họp A, Trụ sở Chính phủ',
        startsAt: at(-28, 8),
        endsAt: at(-28, 16),
      },
      secretary,
    );
    await this.meetings.setParticipants(past.id, participants, secretary);
    const pastItems = [
      ['Báo cáo tình hình kinh tế - xã hội tháng 10 và 10 tháng năm 2026', 'Bộ Kế hoạch và Đầu tư', 'Chính phủ thống nhất đánh giá; giao các bộ triển khai các giải pháp thúc đẩy tăng trưởng quý IV.'],
      ['Dự thảo Nghị định về quản lý tài liệu điện tử trong cơ quan nhà nước', 'Bộ Nội vụ', 'Thông qua; giao Bộ Nội vụ tiếp thu ý kiến, hoàn thiện trình Thủ tướng ký ban hành.'],
      ['Tình hình giải ngân vốn đầu tư công 10 tháng', 'Bộ Tài chính', 'Yêu cầu các bộ, ngành có tỷ lệ giải ngân thấp báo cáo nguyên nhân trước ngày 15/11.'],
    ];
    let pastVersion = past.agendaVersion;
    const pastIds: { id: string; version: number; conclusion: string }[] = [];
    for (const [title, presenter, conclusion] of pastItems) {
      const item = await this.agenda.add(past.id, { title, presenter, plannedMinutes: 30, agendaVersion: pastVersion }, secretary);
      pastVersion += 1;
      pastIds.push({ id: item.id, version: item.version, conclusion });
    }
    await this.meetings.changeStatus(past.id, 'published', secretary);
    for (const participant of participants) {
      await this.meetings.setAttendance(past.id, participant.userId, participant.userId === as('member7').id ? 'absent' : 'in_room', secretary);
    }
    await this.meetings.changeStatus(past.id, 'in_session', chair);
    for (const item of pastIds) {
      const [current] = (await this.agenda.setCurrent(past.id, item.id, chair)).filter((i) => i.id === item.id);
      await this.agenda.complete(past.id, item.id, item.conclusion, current.version, chair);
    }
    await this.meetings.changeStatus(past.id, 'closed', chair);
    return { meetingId: upcoming.id, itemIds };
  }

  /** The upcoming meeting's sample papers, taken in through the same checks as an upload. */
  private async seedPapers(meeting: DemoMeeting, users: Map<string, UserEntity>): Promise<number> {
    const secretaryUser = users.get('secretary') as UserEntity;
    const secretary: AuthenticatedUser = { id: secretaryUser.id, username: secretaryUser.username, fullName: secretaryUser.fullName, roles: secretaryUser.roles };
    for (const paper of DEMO_PAPERS) {
      const itemId = meeting.itemIds.get(paper.itemTitle);
      if (!itemId) throw new Error(`demo paper "${paper.title}" names an item the demo agenda lacks`);
      const readerIds = (paper.readers ?? []).map((username) => (users.get(username) as UserEntity).id);
      const received = await this.intake.fromBytes(await renderDemoPaper(paper), paper.fileName, {
        title: paper.title,
        classification: paper.classification,
        ...(readerIds.length ? { readerIds: JSON.stringify(readerIds) } : {}),
      });
      try {
        await this.papers.create(meeting.meetingId, itemId, received, secretary);
      } finally {
        await this.intake.discard(received);
      }
    }
    return DEMO_PAPERS.length;
  }
}
