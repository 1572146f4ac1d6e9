import { Injectable, inject } from '@angular/core';
import { type AnswerReceipt, BallotErrorCode, type BallotResponse, type OpinionInput, type SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { readApiError } from '@ecabinet/web/shared/i18n';
import { firstValueFrom } from 'rxjs';
import { BallotsApi } from './ballots.api';
import { DeviceKeyService } from './device-key.service';

/** Codes after which the device's key is replaced and the answer signed once more. */
const KEY_REFUSED: readonly string[] = [BallotErrorCode.SIGNING_KEY_UNKNOWN, BallotErrorCode.SIGNING_KEY_REVOKED];

/**
 * The document a recipient signs for `ballot`: its issued version, the next revision, every
 * question in the ballot's order with the choice and the comment ('' when none).
 */
export function buildAnswerDocument(
  ballot: Pick<BallotResponse, 'id' | 'version' | 'questions' | 'mine'>,
  recipientId: string,
  answers: readonly OpinionInput[],
  signedAt: Date,
): SignedAnswerDocument {
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  return {
    type: 'ecabinet.ballot-answer',
    ballotId: ballot.id,
    ballotVersion: ballot.version,
    recipientId,
    revision: (ballot.mine?.revision ?? 0) + 1,
    signedAt: signedAt.toISOString(),
    answers: ballot.questions.map((question) => {
      const answer = byQuestion.get(question.id);
      if (!answer) {
        throw new Error(`question ${question.number} has no answer`);
      }
      return { questionId: question.id, choice: answer.choice, comment: (answer.comment ?? '').trim() };
    }),
  };
}

/** Signs an answer on this device and sends it: the one way an answer reaches the server. */
@Injectable({ providedIn: 'root' })
export class BallotAnswerService {
  private readonly api = inject(BallotsApi);
  private readonly keys = inject(DeviceKeyService);

  /**
   * Signs and posts; when the server no longer knows or accepts this device's key, registers a
   * new one and tries once more. Other refusals (closed, replayed…) reach the caller.
   */
  async signAndSend(ballot: BallotResponse, recipientId: string, answers: readonly OpinionInput[]): Promise<AnswerReceipt> {
    const document = buildAnswerDocument(ballot, recipientId, answers, new Date());
    const send = async () => {
      const signed = await this.keys.signAnswer(document);
      return firstValueFrom(this.api.answer(ballot.id, { document, signature: signed.signature, keyId: signed.keyId }));
    };
    try {
      return await send();
    } catch (error) {
      const code = readApiError(error)?.code;
      if (!code || !KEY_REFUSED.includes(code)) {
        throw error;
      }
      await this.keys.replaceKey(recipientId);
      return send();
    }
  }
}
