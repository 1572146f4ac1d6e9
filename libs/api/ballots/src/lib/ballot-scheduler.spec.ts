import { delegateReminderText, reminderText } from './ballot-scheduler';

describe('delegateReminderText', () => {
  const ballot = { title: 'Phiếu lấy ý kiến về dự thảo Nghị định', deadline: new Date('2026-12-01T10:00:00.000Z') };

  it('names the late members, the ballot and its deadline in Vietnamese first, English below', () => {
    const text = delegateReminderText('Nguyễn Thị Ánh', ['Lê Quang Huy', 'Phạm Thị Lan'], ballot, 'Asia/Ho_Chi_Minh');
    const vietnamese = text.indexOf('Lê Quang Huy, Phạm Thị Lan chưa trả lời phiếu lấy ý kiến "Phiếu lấy ý kiến về dự thảo Nghị định".');
    const english = text.indexOf('Reminder: Lê Quang Huy, Phạm Thị Lan have not yet answered');
    expect(text.startsWith('Kính gửi Nguyễn Thị Ánh,')).toBe(true);
    expect(vietnamese).toBeGreaterThan(0);
    expect(english).toBeGreaterThan(vietnamese);
    // 17:00 in Hà Nội (UTC+7).
    expect(text).toMatch(/Hạn trả lời: 17:00:00 1\/12\/2026\./);
    // The English half reads the same clock, named, not a UTC timestamp.
    expect(text).toContain('closes at 1 December 2026 at 17:00 (Asia/Ho_Chi_Minh).');
    expect(text).not.toContain('2026-12-01T10:00:00.000Z');
  });

  it('carries no link to the ballot: the delegate cannot open it', () => {
    expect(delegateReminderText('A', ['B'], ballot, 'Asia/Ho_Chi_Minh')).not.toMatch(/https?:|\/ballots\//);
    expect(delegateReminderText('A', ['B'], ballot, 'Asia/Ho_Chi_Minh')).toContain('B has not yet answered');
  });

  it('prints the deadline on the clock of TIMEZONE, whatever the server\'s own zone', () => {
    expect(delegateReminderText('A', ['B'], ballot, 'Europe/Paris')).toMatch(/Hạn trả lời: 11:00:00 1\/12\/2026\./);
    expect(reminderText('A', { ...ballot, id: 'b-1' }, 'https://cabinet.example', 'Asia/Ho_Chi_Minh')).toContain('trước 17:00:00 1/12/2026.');
    expect(reminderText('A', { ...ballot, id: 'b-1' }, 'https://cabinet.example', 'UTC')).toContain('trước 10:00:00 1/12/2026.');
    expect(reminderText('A', { ...ballot, id: 'b-1' }, 'https://cabinet.example', 'Europe/Paris')).toContain('closes at 1 December 2026 at 11:00 (Europe/Paris).');
  });
});
