import { Injectable, inject } from '@angular/core';
import { type AnswerReceipt, BallotErrorCode, type BallotResponse, type OpinionInput, type SignedAnswerDocument, type SubmitAnswerRequest } from '@ecabinet/shared/contracts';
import { answerDocument, canonicalJson, sha256Hex } from '@ecabinet/shared/trust';
import { readApiError } from '@ecabinet/web/shared/i18n';
import { firstValueFrom } from 'rxjs';
import { BallotsApi } from './ballots.api';
import { DeviceKeyService } from './device-key.service';
import { SIGNED_ANSWER_LOG, answerInclusion } from './signed-answer-log';

/** Why the server refused this device's key: an admin (or the member elsewhere) revoked it, or it does not know it. */
export type DeviceKeyRefusal = 'revoked' | 'unknown';

/**
 * The server refused this device's key, so the answer was not sent. The device has already
 * replaced the key: `freshFingerprint` is the new registered key's, or null when registering it
 * failed (`registrationError`); the next signing then registers it again. Nothing is re-signed
 * behind the member's back: they are told, and sign again themselves.
 */
export class DeviceKeyRefusedError extends Error {
  constructor(
    readonly reason: DeviceKeyRefusal,
    readonly freshFingerprint: string | null,
    readonly registrationError: unknown = null,
  ) {
    super(`The server refused this device's signing key (${reason}); ${freshFingerprint ? 'a new key is registered' : 'registering a new key failed'}.`);
    this.name = 'DeviceKeyRefusedError';
  }
}

function keyRefusal(error: unknown): DeviceKeyRefusal | null {
  const code = readApiError(error)?.code;
  return code === BallotErrorCode.SIGNING_KEY_REVOKED ? 'revoked' : code === BallotErrorCode.SIGNING_KEY_UNKNOWN ? 'unknown' : null;
}

/**
 * The document a recipient signs for `ballot`: its issued version, the chair's approval in force,
 * the next revision following the current one, every question in the ballot's order with the
 * choice and the comment ('' when none).
 */
export function buildAnswerDocument(
  ballot: Pick<BallotResponse, 'id' | 'version' | 'questions' | 'mine' | 'approvals'>,
  recipientId: string,
  answers: readonly OpinionInput[],
  signedAt: Date,
): SignedAnswerDocument {
  const approval = ballot.approvals[ballot.approvals.length - 1];
  if (!approval) {
    throw new Error('the ballot carries no approval by the chair');
  }
  return answerDocument({
    ballotId: ballot.id,
    ballotVersion: ballot.version,
    ballotHash: approval.hash,
    recipientId,
    revision: (ballot.mine?.revision ?? 0) + 1,
    previous: ballot.mine?.documentHash ?? null,
    signedAt,
    questions: ballot.questions,
    answers,
  });
}

/**
 * Posts a document signed on this device. When the server no longer knows or accepts the
 * device's key, replaces it with a fresh registered one and fails with
 * {@link DeviceKeyRefusedError}, so that the signer learns of it and signs again.
 */
export async function sendSigned<T>(keys: DeviceKeyService, userId: string, post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (error) {
    const reason = keyRefusal(error);
    if (!reason) {
      throw error;
    }
    let fresh: { fingerprint: string };
    try {
      fresh = await keys.replaceKey(userId);
    } catch (registrationError) {
      throw new DeviceKeyRefusedError(reason, null, registrationError);
    }
    throw new DeviceKeyRefusedError(reason, fresh.fingerprint);
  }
}

/** Whether the sealed record holds what this device signed; `unknown` when this device signed nothing for the ballot (or cannot tell). */
export type AnswerInclusion = 'included' | 'missing' | 'unknown';

/** Signs an answer on this device and sends it: the one way an answer reaches the server. */
@Injectable({ providedIn: 'root' })
export class BallotAnswerService {
  private readonly api = inject(BallotsApi);
  private readonly keys = inject(DeviceKeyService);
  private readonly log = inject(SIGNED_ANSWER_LOG);

  /**
   * Signs and posts. When the server no longer knows or accepts this device's key, replaces it
   * with a fresh registered one and fails with {@link DeviceKeyRefusedError}, so that the member
   * learns of it and signs again. Other refusals (closed, replayed…) reach the caller as they are.
   */
  async signAndSend(ballot: BallotResponse, recipientId: string, answers: readonly OpinionInput[]): Promise<AnswerReceipt> {
    return this.send(recipientId, await this.sign(ballot, recipientId, answers));
  }

  /** Signs on this device, now: what {@link send} posts, at once or (no network) when the network returns. */
  async sign(ballot: BallotResponse, recipientId: string, answers: readonly OpinionInput[]): Promise<SubmitAnswerRequest> {
    const document = buildAnswerDocument(ballot, recipientId, answers, new Date());
    const signed = await this.keys.signAnswer(document);
    return { document, signature: signed.signature, keyId: signed.keyId };
  }

  /**
   * Posts an answer signed on this device (see {@link signAndSend} for a refused key). Sent again
   * after a lost answer (the network fell while it travelled), the server says it is stored
   * already, with its receipt: that is the receipt.
   */
  async send(recipientId: string, request: SubmitAnswerRequest): Promise<AnswerReceipt> {
    const receipt = await sendSigned(this.keys, recipientId, () => firstValueFrom(this.api.answer(request.document.ballotId, request))).catch((error: unknown) => {
      const stored = readApiError(error);
      const details = stored?.code === BallotErrorCode.SIGNATURE_REPLAYED ? (stored.details as { alreadyStored?: boolean; receipt?: AnswerReceipt } | undefined) : undefined;
      if (details?.alreadyStored && details.receipt?.documentHash) return details.receipt;
      throw error;
    });
    await this.remember(recipientId, request.document);
    return receipt;
  }

  /**
   * After closing: whether the sealed record holds the answer this device signed last, checked
   * on the device against the hash it computed itself (not the server's receipt).
   */
  async inclusion(ballotId: string, userId: string): Promise<AnswerInclusion> {
    try {
      const signed = (await this.log.load(userId))?.[ballotId];
      if (!signed) return 'unknown';
      const bundle = await (await firstValueFrom(this.api.bundle(ballotId))).text();
      return await answerInclusion(bundle, userId, signed);
    } catch {
      return 'unknown';
    }
  }

  /**
   * The device's witness of what it signed, hashed here from the document it signed. The answer is
   * already stored: a device that cannot keep the witness (private browsing) says nothing later.
   */
  private async remember(userId: string, document: SignedAnswerDocument): Promise<void> {
    try {
      const record = { revision: document.revision, documentHash: await sha256Hex(canonicalJson(document)), signedAt: document.signedAt };
      const log = (await this.log.load(userId)) ?? {};
      await this.log.save(userId, { ...log, [document.ballotId]: record });
    } catch {
      // Nothing kept: the after-closing check then says nothing for this ballot.
    }
  }
}
