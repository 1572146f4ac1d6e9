/**
 * @jest-environment node
 */
import { Injector, runInInjectionContext } from '@angular/core';
import type { BallotResponse, SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { canonicalJson, sha256Hex } from '@ecabinet/shared/trust';
import { of } from 'rxjs';
import { BallotAnswerService, buildAnswerDocument } from './ballot-answer.service';
import { BallotsApi } from './ballots.api';
import { DeviceKeyService } from './device-key.service';
import { IndexedDbUserStore } from './device-key.vault';
import { SIGNED_ANSWER_LOG, answerInclusion, type SignedAnswerLog, type SignedAnswerRecord, type SignedAnswers } from './signed-answer-log';

describe("the member's device as witness of the sealed record", () => {
  const document = (revision: number, choice: string) => canonicalJson({ type: 'ecabinet.ballot-answer', ballotId: 'b-1', recipientId: 'u-1', revision, answers: [{ questionId: 'q-1', choice, comment: '' }] });
  const bundle = (answers: { recipientId: string; document: string }[]) => JSON.stringify({ format: 'ecabinet.ballot-bundle/3', answers });

  it('finds the document this device signed among its revisions, and nothing else counts', async () => {
    const mine = document(2, 'agree');
    const signed = { revision: 2, documentHash: await sha256Hex(mine), signedAt: '2026-12-05T00:00:00Z' };
    expect(await answerInclusion(bundle([{ recipientId: 'u-1', document: document(1, 'disagree') }, { recipientId: 'u-1', document: mine }]), 'u-1', signed)).toBe('included');
    // Dropped: only the earlier revision is there; or the same text under someone else's name.
    expect(await answerInclusion(bundle([{ recipientId: 'u-1', document: document(1, 'disagree') }]), 'u-1', signed)).toBe('missing');
    expect(await answerInclusion(bundle([{ recipientId: 'u-2', document: mine }]), 'u-1', signed)).toBe('missing');
    // Edited by one character: not the document signed.
    expect(await answerInclusion(bundle([{ recipientId: 'u-1', document: document(2, 'agreE') }]), 'u-1', signed)).toBe('missing');
    expect(await answerInclusion('not json', 'u-1', signed)).toBe('missing');
  });
});

describe('BallotAnswerService keeps the witness and checks it after closing', () => {
  function service(bundleText: string, storage?: SignedAnswerLog) {
    const saved = new Map<string, SignedAnswers>();
    const log: SignedAnswerLog = storage ?? { load: async (userId) => saved.get(userId) ?? null, save: async (userId, value) => void saved.set(userId, value) };
    const api = {
      answer: jest.fn((_id: string, body: { document: SignedAnswerDocument }) => of({ revision: body.document.revision })),
      bundle: jest.fn(() => of(new Blob([bundleText], { type: 'application/json' }))),
    };
    const keys = { signAnswer: jest.fn(async () => ({ signature: 'c2ln', keyId: 'k-1' })) };
    const injector = Injector.create({
      providers: [
        { provide: BallotsApi, useValue: api },
        { provide: DeviceKeyService, useValue: keys },
        { provide: SIGNED_ANSWER_LOG, useValue: log },
        BallotAnswerService,
      ],
    });
    return { answers: runInInjectionContext(injector, () => injector.get(BallotAnswerService)), saved, api };
  }
  const ballot = {
    id: 'b-1',
    version: 3,
    questions: [{ id: 'q-1', number: 1, text: 'Tán thành?' }],
    mine: { answered: false, revision: 0, answeredAt: null, documentHash: null },
    approvals: [{ sequence: 1, deadline: '', signedAt: '', hash: 'a'.repeat(64), keyFingerprint: '' }],
  } as unknown as BallotResponse;

  it('remembers the hash of what it signed, and later finds it in the sealed record, or says it is missing', async () => {
    const { answers, saved } = service('{}');
    expect(await answers.inclusion('b-1', 'u-1')).toBe('unknown');
    await answers.signAndSend(ballot, 'u-1', [{ questionId: 'q-1', choice: 'agree', comment: '' }]);
    const record = saved.get('u-1')?.['b-1'];
    expect(record).toMatchObject({ revision: 1, documentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The record sealed without it: missing.
    expect(await answers.inclusion('b-1', 'u-1')).toBe('missing');

    // The same document in the sealed record (as the server stores it: its canonical text): included.
    const signedDocument = buildAnswerDocument(ballot, 'u-1', [{ questionId: 'q-1', choice: 'agree', comment: '' }], new Date(record?.signedAt ?? ''));
    const sealed = service(JSON.stringify({ answers: [{ recipientId: 'u-1', document: canonicalJson(signedDocument) }] }));
    sealed.saved.set('u-1', { 'b-1': record as SignedAnswerRecord });
    expect(await sealed.answers.inclusion('b-1', 'u-1')).toBe('included');
  });

  it('without IndexedDB (private browsing, an old browser) still sends the answer, and later says nothing rather than "missing"', async () => {
    // The store the app uses, on a device without IndexedDB (this test runs in node, which has none).
    const { answers, api } = service(JSON.stringify({ answers: [] }), new IndexedDbUserStore<SignedAnswers>(globalThis.indexedDB, 'ecabinet-signed-answers', 'answers'));
    expect(globalThis.indexedDB).toBeUndefined();
    await expect(answers.signAndSend(ballot, 'u-1', [{ questionId: 'q-1', choice: 'agree', comment: '' }])).resolves.toEqual({ revision: 1 });
    expect(api.answer).toHaveBeenCalledTimes(1);
    expect(await answers.inclusion('b-1', 'u-1')).toBe('unknown');
    expect(api.bundle).not.toHaveBeenCalled();
  });
});
