import { Injectable, inject } from '@angular/core';
import type { BallotResponse } from '@ecabinet/shared/contracts';
import { approvalDocument, ballotContentHash, ballotContentInputOf } from '@ecabinet/shared/trust';
import { firstValueFrom } from 'rxjs';
import { sendSigned } from './ballot-answer.service';
import { BallotsApi } from './ballots.api';
import { DeviceKeyService } from './device-key.service';

/**
 * The chair's approval and extensions, signed on his device: the hash of the ballot's content as
 * this screen shows it (title, summary, questions, silence rule, recipients, papers' SHA-256)
 * and the deadline. The server refuses it if what it holds differs from what he saw.
 */
@Injectable({ providedIn: 'root' })
export class BallotApprovalService {
  private readonly api = inject(BallotsApi);
  private readonly keys = inject(DeviceKeyService);

  approve(ballot: BallotResponse, chairId: string): Promise<BallotResponse> {
    return this.signAndPost(ballot, chairId, ballot.deadline, (request) => this.api.approve(ballot.id, request));
  }

  /** `deadline`: the new deadline, ISO 8601. */
  extend(ballot: BallotResponse, chairId: string, deadline: string): Promise<BallotResponse> {
    return this.signAndPost(ballot, chairId, new Date(deadline).toISOString(), (request) => this.api.extend(ballot.id, request));
  }

  private async signAndPost(
    ballot: BallotResponse,
    chairId: string,
    deadline: string,
    post: (request: { document: ReturnType<typeof approvalDocument>; signature: string; keyId: string }) => ReturnType<BallotsApi['approve']>,
  ): Promise<BallotResponse> {
    const contentHash = await ballotContentHash(ballotContentInputOf(ballot));
    const document = approvalDocument({ ballotId: ballot.id, contentHash, deadline, sequence: ballot.approvals.length + 1, chairId, signedAt: new Date() });
    const signed = await this.keys.sign(chairId, document);
    return sendSigned(this.keys, chairId, () => firstValueFrom(post({ document, signature: signed.signature, keyId: signed.keyId })));
  }
}
