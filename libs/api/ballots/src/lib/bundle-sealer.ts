import { Injectable } from '@nestjs/common';
import { Clock } from '@ecabinet/api/platform';
import { TrustService } from '@ecabinet/api/trust';
import type { BallotBundle, SealedBallotBundle } from '@ecabinet/shared/contracts';
import { canonicalJson, fromBase64, parseCertificate, serialHex, sha256Hex, toBase64, utf8, verifyBallotBundle } from '@ecabinet/shared/trust';
import type { SigningKeyEntity } from './entities';
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

  /** The revocation lists a bundle carries for its signing keys (the demo's; an officer's list is not kept yet). */
  async revocationLists(keys: readonly Pick<SigningKeyEntity, 'certificate' | 'revokedAt'>[]): Promise<string[]> {
    const revoked = keys.flatMap((key) => {
      const certificate = key.revokedAt && key.certificate ? parseCertificate(fromBase64(key.certificate) ?? new Uint8Array()) : null;
      // A CRL dates to the second: the revocation counts from the end of its second, so an answer
      // signed earlier in that second (the server accepted it) is not judged signed after it.
      return certificate && key.revokedAt ? [{ serialHex: serialHex(certificate), revokedAt: new Date(Math.ceil(key.revokedAt.getTime() / 1000) * 1000) }] : [];
    });
    if (revoked.length === 0) return [];
    const crl = await this.trust.demoRevocationList(revoked, this.clock.now());
    return crl ? [toBase64(crl)] : [];
  }

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
