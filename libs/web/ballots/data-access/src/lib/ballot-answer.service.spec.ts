import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AnswerReceipt, SubmitAnswerRequest } from '@ecabinet/shared/contracts';
import { BallotAnswerService } from './ballot-answer.service';
import { DeviceKeyService } from './device-key.service';
import { SIGNED_ANSWER_LOG, type SignedAnswers } from './signed-answer-log';

const request = { document: { ballotId: 'b-1', revision: 2, signedAt: '2026-12-06T01:00:00.000Z' }, signature: 'c2ln', keyId: 'k-1' } as unknown as SubmitAnswerRequest;
const receipt = { ballotId: 'b-1', revision: 2, documentHash: 'cd'.repeat(32) } as AnswerReceipt;
const tick = () => new Promise((resolve) => setTimeout(resolve));

function setUp() {
  const log = new Map<string, SignedAnswers>();
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: DeviceKeyService, useValue: {} },
      { provide: SIGNED_ANSWER_LOG, useValue: { load: async (id: string) => log.get(id) ?? null, save: async (id: string, value: SignedAnswers) => void log.set(id, value) } },
    ],
  });
  return { service: TestBed.inject(BallotAnswerService), backend: TestBed.inject(HttpTestingController), log };
}

describe('BallotAnswerService.send (an answer signed earlier, perhaps offline)', () => {
  it('takes "already stored" with its receipt as the receipt (sent again after a lost response)', async () => {
    const { service, backend } = setUp();
    const sent = service.send('u-1', request);
    await tick();
    backend.expectOne({ method: 'POST', url: '/api/ballots/b-1/answers' }).flush({ code: 'SIGNATURE_REPLAYED', message: 'stored', details: { expectedRevision: 3, alreadyStored: true, receipt } }, { status: 409, statusText: 'Conflict' });
    await expect(sent).resolves.toEqual(receipt);
  });

  it('passes on any other refusal: a replay that is not this answer, a ballot closed before it arrived', async () => {
    const { service, backend, log } = setUp();
    for (const body of [
      { code: 'SIGNATURE_REPLAYED', message: 'out of date', details: { expectedRevision: 3 } },
      { code: 'BALLOT_CLOSED', message: 'closed' },
    ]) {
      const sent = service.send('u-1', request);
      await tick();
      backend.expectOne('/api/ballots/b-1/answers').flush(body, { status: 409, statusText: 'Conflict' });
      await expect(sent).rejects.toMatchObject({ status: 409, error: { code: body.code } });
    }
    expect(log.size).toBe(0);
  });
});
