import { InjectionToken } from '@angular/core';
import type { SealedBallotBundle } from '@ecabinet/shared/contracts';
import { sha256Hex } from '@ecabinet/shared/trust';
import { IndexedDbUserStore } from './device-key.vault';

/** What this device signed last for one ballot: the revision and the SHA-256 of the document it computed itself. */
export interface SignedAnswerRecord {
  revision: number;
  documentHash: string;
  signedAt: string;
}

/** This device's last signed answer per ballot id. */
export type SignedAnswers = Record<string, SignedAnswerRecord>;

/** A per-user record on the device, never sent anywhere: the member's own witness of what he signed. */
export interface SignedAnswerLog {
  load(userId: string): Promise<SignedAnswers | null>;
  save(userId: string, value: SignedAnswers): Promise<void>;
}

export const SIGNED_ANSWER_LOG = new InjectionToken<SignedAnswerLog>('SIGNED_ANSWER_LOG', {
  providedIn: 'root',
  factory: () => new IndexedDbUserStore<SignedAnswers>(globalThis.indexedDB, 'ecabinet-signed-answers', 'answers'),
});

/**
 * Whether the sealed record holds the answer this device signed: `included` when one of the
 * member's revisions in it is exactly that document, `missing` otherwise. Whoever runs the server
 * holds the seal's key and could seal a record without it; the member's device is the witness he
 * cannot silence.
 */
export async function answerInclusion(bundleText: string, userId: string, signed: SignedAnswerRecord): Promise<'included' | 'missing'> {
  let bundle: Partial<SealedBallotBundle>;
  try {
    bundle = JSON.parse(bundleText) as Partial<SealedBallotBundle>;
  } catch {
    return 'missing';
  }
  const mine = (Array.isArray(bundle.answers) ? bundle.answers : []).filter((answer) => answer?.recipientId === userId && typeof answer.document === 'string');
  for (const answer of mine) {
    if ((await sha256Hex(answer.document)) === signed.documentHash) return 'included';
  }
  return 'missing';
}
