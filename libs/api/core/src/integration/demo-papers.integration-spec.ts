import type { MeetingResponse, PaperResponse } from '@ecabinet/shared/contracts';
import { pdfText } from '@ecabinet/api/papers/testing';
import { fetchBytes, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';

describe(`the demo meeting's sample papers (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SEED_DEMO_PAPERS: 'true' } });
  });
  afterAll(() => t.close());

  async function papersFor(username: string): Promise<{ token: string; meetingId: string; papers: PaperResponse[] }> {
    const { accessToken: token } = await t.loginAs(username);
    const meetings = (await t.request('GET', '/api/meetings', { token })).body as MeetingResponse[];
    const meeting = meetings.find((candidate) => candidate.title === MEETING);
    if (!meeting) throw new Error(`${username} does not see the demo meeting`);
    const response = await t.request('GET', `/api/meetings/${meeting.id}/papers`, { token });
    expect(response.status).toBe(200);
    return { token, meetingId: meeting.id, papers: response.body as PaperResponse[] };
  }

  it('are taken in like uploads, in Vietnamese, and the confidential one only reaches its named readers', async () => {
    const member1 = await papersFor('member1');
    expect(member1.papers.map((paper) => [paper.classification, paper.current.pageCount])).toEqual(
      expect.arrayContaining([
        ['normal', 4],
        ['normal', 3],
        ['confidential', 2],
      ]),
    );
    const report = member1.papers.find((paper) => paper.current.pageCount === 4) as PaperResponse;
    const copy = await fetchBytes(t, `/api/meetings/${member1.meetingId}/papers/${report.id}/view`, member1.token);
    expect(copy.status).toBe(200);
    // Diacritics survive: the text layer says "giải ngân", not boxes or stripped letters.
    expect(pdfText(copy.bytes).normalize('NFC')).toContain('giải ngân vốn đầu tư công');

    // member8 and the observer are not named on the confidential paper.
    for (const username of ['member8', 'observer']) {
      const { papers } = await papersFor(username);
      expect(papers.map((paper) => paper.classification).sort()).toEqual(['normal', 'normal']);
    }
  });
});
