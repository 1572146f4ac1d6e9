import { Injectable } from '@nestjs/common';
import { Clock } from '@ecabinet/api/platform';
import { TrustService } from '@ecabinet/api/trust';
import type { BallotBundle, SealedBallotBundle } from '@ecabinet/shared/contracts';
import { canonicalJson, sha256Hex, toBase64, utf8, verifyBallotBundle } from '@ecabinet/shared/trust';
import { ballotErrors } from './ballot.errors';

/**
 * Seals result bundles with the organisation's seal certificate (a detached CMS signature over
 * the canonical content), after checking the bundle with the same verifier anyone else runs,
 * against this installation's anchors: the server never seals a record that would not verify.
 */
@Injectable()
export class BundleSealer {
  constructor(
    private readonly trust: TrustService,
    private readonly clock: Clock,
  ) {}

  async seal(bundle: BallotBundle): Promise<{ text: string; sha256: string }> {
    const content = utf8(canonicalJson(bundle));
    const sha256 = await sha256Hex(content);
    const cms = toBase64(await this.trust.sealDetached(content, this.clock.now()));
    const sealed: SealedBallotBundle = { ...bundle, seal: { sha256, cms } };
    const text = canonicalJson(sealed);
    const check = await verifyBallotBundle(text, { anchors: this.trust.anchors });
    if (!check.ok) throw ballotErrors.recordUnverifiable(check.problems);
    return { text, sha256 };
  }
}
