import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, IsNull } from 'typeorm';
import { Clock } from '@ecabinet/api/platform';
import { TrustService } from '@ecabinet/api/trust';
import type { BallotBundle, SealedBallotBundle } from '@ecabinet/shared/contracts';
import { canonicalJson, fromBase64, parseCertificate, serialHex, sha256Hex, toBase64, utf8, verifyBallotBundle, type Revocation } from '@ecabinet/shared/trust';
import { OfficerAuthorityEntity, type SigningKeyEntity } from './entities';
import { ballotErrors } from './ballot.errors';

type RevocableKey = Pick<SigningKeyEntity, 'certificate' | 'certificateChain' | 'revokedAt'>;

/**
 * A revoked key's entry in a revocation list. A CRL dates to the second: the revocation counts
 * from the end of its second, so an answer signed earlier in that second (the server accepted it)
 * is not judged signed after it.
 */
export function revocationOf(key: RevocableKey): Revocation | null {
  const certificate = key.revokedAt && key.certificate ? parseCertificate(fromBase64(key.certificate) ?? new Uint8Array()) : null;
  return certificate && key.revokedAt ? { serialHex: serialHex(certificate), revokedAt: new Date(Math.ceil(key.revokedAt.getTime() / 1000) * 1000) } : null;
}

/**
 * Seals result bundles with the organisation's seal certificate (a detached CMS signature over
 * the canonical content), after checking the bundle with the same verifier anyone else runs,
 * against this installation's anchors: the server never seals a record that would not verify.
 */
@Injectable()
export class BundleSealer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly trust: TrustService,
    private readonly clock: Clock,
  ) {}

  /**
   * The revocation lists a bundle carries for its signing keys: the one each certificate
   * officer's device published last for the CAs that certified them, and, in the demo, the demo
   * officer's list of the revoked keys it certified (made now by the server, which holds its key).
   */
  async revocationLists(keys: readonly RevocableKey[]): Promise<string[]> {
    const issuers = [...new Set(keys.flatMap((key) => (key.certificateChain?.length ? [key.certificateChain[0] as string] : [])))];
    const officers = issuers.length ? await this.dataSource.getRepository(OfficerAuthorityEntity).find({ where: { certificate: In(issuers), crl: Not(IsNull()) } }) : [];
    const lists = officers.map((officer) => officer.crl as string).sort();
    const demoIssuer = this.trust.demoOfficerCertificate;
    const demoRevoked = keys.filter((key) => demoIssuer !== null && key.certificateChain?.[0] === demoIssuer).flatMap((key) => revocationOf(key) ?? []);
    if (demoRevoked.length === 0) return lists;
    const crl = await this.trust.demoRevocationList(demoRevoked, this.clock.now());
    return crl ? [...lists, toBase64(crl)] : lists;
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
