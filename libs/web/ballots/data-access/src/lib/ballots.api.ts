import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AnswerReceipt,
  BallotRecipientChoice,
  BallotResponse,
  CreateBallotRequest,
  DraftAnswerRequest,
  DraftAnswerResponse,
  ApproveBallotRequest,
  ExtendBallotRequest,
  RegisterKeyRequest,
  ReturnBallotRequest,
  SigningKeyListItem,
  SigningKeyResponse,
  SubmitAnswerRequest,
  UpdateBallotRequest,
} from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import { type Observable, map } from 'rxjs';

export type BallotBox = 'to-answer' | 'answered' | 'closed' | 'all';

/** The saved draft; `savedAt` is null when the recipient has none yet (the API says so). */
export interface SavedDraft {
  readonly answers: DraftAnswerResponse['answers'];
  readonly savedAt: string | null;
}

const BALLOTS = `${API_BASE}/ballots`;
const SIGNING_KEYS = `${API_BASE}/signing-keys`;
const ballotUrl = (ballotId: string, action = '') => `${BALLOTS}/${encodeURIComponent(ballotId)}${action ? `/${action}` : ''}`;

/** Every route of the written opinion ballots and of the device signing keys. */
@Injectable({ providedIn: 'root' })
export class BallotsApi {
  private readonly http = inject(HttpClient);

  list(box: BallotBox): Observable<BallotResponse[]> {
    return this.http.get<BallotResponse[]>(BALLOTS, { params: { box } });
  }

  get(ballotId: string): Observable<BallotResponse> {
    return this.http.get<BallotResponse>(ballotUrl(ballotId));
  }

  /** Secretariat: who a ballot may go to (enabled members and the chair). */
  recipientChoices(): Observable<BallotRecipientChoice[]> {
    return this.http.get<BallotRecipientChoice[]>(`${BALLOTS}/recipient-choices`);
  }

  create(request: CreateBallotRequest): Observable<BallotResponse> {
    return this.http.post<BallotResponse>(BALLOTS, request);
  }

  update(ballotId: string, request: UpdateBallotRequest): Observable<BallotResponse> {
    return this.http.patch<BallotResponse>(ballotUrl(ballotId), request);
  }

  submit(ballotId: string): Observable<BallotResponse> {
    return this.http.post<BallotResponse>(ballotUrl(ballotId, 'submit'), {});
  }

  approve(ballotId: string, request: ApproveBallotRequest): Observable<BallotResponse> {
    return this.http.post<BallotResponse>(ballotUrl(ballotId, 'approve'), request);
  }

  returnToDraft(ballotId: string, request: ReturnBallotRequest): Observable<BallotResponse> {
    return this.http.post<BallotResponse>(ballotUrl(ballotId, 'return'), request);
  }

  issue(ballotId: string): Observable<BallotResponse> {
    return this.http.post<BallotResponse>(ballotUrl(ballotId, 'issue'), {});
  }

  extend(ballotId: string, request: ExtendBallotRequest): Observable<BallotResponse> {
    return this.http.post<BallotResponse>(ballotUrl(ballotId, 'extend'), request);
  }

  close(ballotId: string): Observable<BallotResponse> {
    return this.http.post<BallotResponse>(ballotUrl(ballotId, 'close'), {});
  }

  getDraft(ballotId: string): Observable<SavedDraft> {
    return this.http.get<SavedDraft>(ballotUrl(ballotId, 'draft'));
  }

  saveDraft(ballotId: string, request: DraftAnswerRequest): Observable<DraftAnswerResponse> {
    return this.http.put<DraftAnswerResponse>(ballotUrl(ballotId, 'draft'), request);
  }

  answer(ballotId: string, request: SubmitAnswerRequest): Observable<AnswerReceipt> {
    return this.http.post<AnswerReceipt>(ballotUrl(ballotId, 'answers'), request);
  }

  myReceipts(ballotId: string): Observable<AnswerReceipt[]> {
    return this.http.get<AnswerReceipt[]>(ballotUrl(ballotId, 'answers/mine'));
  }

  /** The sealed result bundle, byte for byte as the server sent it (the seal covers the bytes). */
  bundle(ballotId: string): Observable<Blob> {
    return this.http.get(ballotUrl(ballotId, 'bundle'), { responseType: 'blob' }).pipe(map((blob) => new Blob([blob], { type: 'application/json' })));
  }

  report(ballotId: string): Observable<Blob> {
    return this.http.get(ballotUrl(ballotId, 'report'), { responseType: 'blob' });
  }

  registerKey(request: RegisterKeyRequest): Observable<SigningKeyResponse> {
    return this.http.post<SigningKeyResponse>(SIGNING_KEYS, request);
  }

  /** The caller's device keys, or (admins) another user's, newest first with what each signed. */
  listKeys(userId?: string): Observable<SigningKeyListItem[]> {
    return this.http.get<SigningKeyListItem[]>(SIGNING_KEYS, { params: userId ? { userId } : {} });
  }

  /** Revokes a key (its owner or an admin); answers it signed before stay valid. */
  revokeKey(keyId: string): Observable<SigningKeyResponse> {
    return this.http.delete<SigningKeyResponse>(`${SIGNING_KEYS}/${encodeURIComponent(keyId)}`);
  }
}
