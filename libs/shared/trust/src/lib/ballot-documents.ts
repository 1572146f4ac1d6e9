import type { BallotApprovalDocument, BallotContentDocument, BallotQuestion, OpinionChoice, SignedAnswerDocument, SilenceRule } from '@ecabinet/shared/contracts';
import { sha256Hex, utf8 } from './bytes';
import { canonicalJson } from './canonical-json';

/**
 * The documents people sign about a ballot, built in one place for the web signer, the API and
 * the verifiers: the ballot's content (hashed into the chair's approval), the approval itself,
 * and an answer. Each is signed and hashed as its canonical JSON.
 */

export interface BallotContentInput {
  ballotId: string;
  title: string;
  summary: string;
  questions: readonly BallotQuestion[];
  silenceRule: SilenceRule;
  recipientIds: readonly string[];
  /** SHA-256 of each attached paper, in the ballot's order. */
  paperHashes: readonly string[];
}

/** The content's fields as a ballot read by the chair (or the secretariat) carries them. */
export function ballotContentInputOf(ballot: {
  id: string;
  title: string;
  summary: string;
  questions: readonly BallotQuestion[];
  silenceRule: SilenceRule;
  recipients: readonly { userId: string }[] | null;
  papers: readonly { sha256: string }[];
}): BallotContentInput {
  return {
    ballotId: ballot.id,
    title: ballot.title,
    summary: ballot.summary,
    questions: ballot.questions,
    silenceRule: ballot.silenceRule,
    recipientIds: (ballot.recipients ?? []).map((r) => r.userId),
    paperHashes: ballot.papers.map((p) => p.sha256),
  };
}

export function ballotContent(input: BallotContentInput): BallotContentDocument {
  return {
    type: 'ecabinet.ballot-content',
    ballotId: input.ballotId,
    title: input.title,
    summary: input.summary,
    questions: input.questions.map((q) => ({ id: q.id, number: q.number, text: q.text })),
    silenceRule: input.silenceRule,
    passRule: 'more-than-half-of-recipients/chair-breaks-tie',
    recipients: [...input.recipientIds].sort(),
    papers: [...input.paperHashes],
  };
}

/** SHA-256 (hex) of a document's canonical JSON: how one signed document names another. */
export function documentHash(document: unknown): Promise<string> {
  return sha256Hex(utf8(canonicalJson(document)));
}

export function ballotContentHash(input: BallotContentInput): Promise<string> {
  return documentHash(ballotContent(input));
}

export function approvalDocument(input: Omit<BallotApprovalDocument, 'type' | 'signedAt'> & { signedAt: Date }): BallotApprovalDocument {
  return {
    type: 'ecabinet.ballot-approval',
    ballotId: input.ballotId,
    contentHash: input.contentHash,
    deadline: input.deadline,
    sequence: input.sequence,
    chairId: input.chairId,
    signedAt: input.signedAt.toISOString(),
  };
}

export interface AnswerDocumentInput {
  ballotId: string;
  ballotVersion: number;
  /** Hash of the chair's approval in force. */
  ballotHash: string;
  recipientId: string;
  revision: number;
  /** Hash of the recipient's previous revision; null for the first. */
  previous: string | null;
  signedAt: Date;
  /** Every question in the ballot's order. */
  questions: readonly Pick<BallotQuestion, 'id' | 'number'>[];
  answers: readonly { questionId: string; choice: OpinionChoice; comment?: string }[];
}

/** The document a recipient signs: every question in the ballot's order, comments trimmed ('' when none). */
export function answerDocument(input: AnswerDocumentInput): SignedAnswerDocument {
  const byQuestion = new Map(input.answers.map((answer) => [answer.questionId, answer]));
  return {
    type: 'ecabinet.ballot-answer',
    ballotId: input.ballotId,
    ballotVersion: input.ballotVersion,
    ballotHash: input.ballotHash,
    recipientId: input.recipientId,
    revision: input.revision,
    previous: input.previous,
    signedAt: input.signedAt.toISOString(),
    answers: input.questions.map((question) => {
      const answer = byQuestion.get(question.id);
      if (!answer) throw new Error(`question ${question.number} has no answer`);
      return { questionId: question.id, choice: answer.choice, comment: (answer.comment ?? '').trim() };
    }),
  };
}
