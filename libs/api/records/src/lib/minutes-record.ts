import type { MeetingSnapshot, MinutesItem, MinutesProse, MinutesRecord, MinutesVote, VoteChoice } from '@ecabinet/shared/contracts';

/**
 * The facts of the minutes, read from the session's record as the chair sees it: who attended and
 * how, the quorum, and per item the presenter, those excluded, the positions marked before, the
 * speakers in the order they had the floor, every closed vote (a secret one by its totals only)
 * and the approved conclusion.
 */
export function minutesRecord(snapshot: MeetingSnapshot): MinutesRecord {
  const { meeting } = snapshot;
  const names = new Map(meeting.participants.map((p) => [p.userId, p.fullName]));
  const name = (userId: string) => names.get(userId) ?? '';
  const items: MinutesItem[] = snapshot.agenda.map((item) => {
    const tally = snapshot.positionTallies.find((t) => t.itemId === item.id);
    const speakers = snapshot.speakers
      .filter((s) => s.itemId === item.id && s.startedAt && (s.state === 'done' || s.state === 'speaking'))
      .sort((a, b) => (a.startedAt as string).localeCompare(b.startedAt as string))
      .map((s) => s.fullName);
    const votes: MinutesVote[] = snapshot.votes
      .filter((vote) => vote.itemId === item.id && vote.status === 'closed' && vote.result)
      .map((vote) => {
        const result = vote.result as NonNullable<typeof vote.result>;
        const byChoice = (choice: VoteChoice) => (vote.ballots ?? []).filter((b) => b.choice === choice).map((b) => name(b.userId));
        return {
          question: vote.question,
          secret: vote.secret,
          agree: result.agree,
          disagree: result.disagree,
          abstain: result.abstain,
          eligible: result.eligible,
          passed: result.passed,
          names: vote.secret ? null : { agree: byChoice('agree'), disagree: byChoice('disagree'), abstain: byChoice('abstain') },
        };
      });
    return {
      itemId: item.id,
      number: item.number,
      title: item.title,
      presenter: item.presenter,
      status: item.status,
      adoptedWithoutDebate: item.adoptedWithoutDebate,
      excluded: (snapshot.exclusions.find((e) => e.itemId === item.id)?.userIds ?? []).map(name).filter(Boolean),
      positions: { noObjection: tally?.noObjection ?? 0, objection: tally?.objection ?? 0, wishToSpeak: tally?.wishToSpeak ?? 0 },
      speakers,
      votes,
      conclusion: item.conclusion,
    };
  });
  return {
    meeting: { id: meeting.id, title: meeting.title, kind: meeting.kind, place: meeting.place, startsAt: meeting.startsAt, endsAt: meeting.endsAt },
    chair: meeting.participants.find((p) => p.role === 'chair')?.fullName ?? null,
    secretary: meeting.participants.find((p) => p.role === 'secretary')?.fullName ?? null,
    attendance: meeting.participants.map((p) => ({
      fullName: p.fullName,
      title: p.title,
      role: p.role,
      attendance: p.attendance,
      delegateFor: p.delegateForUserId ? name(p.delegateForUserId) : null,
    })),
    quorum: meeting.quorum,
    items,
  };
}

/** "08 giờ 00, ngày 13/12/2026" in the given zone. */
export function vietnameseTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')} giờ ${part('minute')}, ngày ${part('day')}/${part('month')}/${part('year')}`;
}

/** The prose the secretariat starts from: an opening and a closing sentence from the record, nothing per item. */
export function defaultProse(record: MinutesRecord, timeZone: string): MinutesProse {
  const { meeting, quorum } = record;
  const opening = [
    `Phiên họp bắt đầu lúc ${vietnameseTime(meeting.startsAt, timeZone)}${meeting.place ? `, tại ${meeting.place}` : ''}.`,
    record.chair ? `Chủ tọa: ${record.chair}.` : '',
    record.secretary ? `Thư ký: ${record.secretary}.` : '',
    `Có mặt ${quorum.present}/${quorum.members} thành viên; ${quorum.reached ? 'đủ' : 'không đủ'} túc số (cần ${quorum.required}).`,
  ]
    .filter(Boolean)
    .join(' ');
  const closing = meeting.endsAt ? `Phiên họp kết thúc lúc ${vietnameseTime(meeting.endsAt, timeZone)}.` : 'Phiên họp kết thúc cùng ngày.';
  return { opening, items: {}, closing };
}
