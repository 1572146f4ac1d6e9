import type * as pkijs from 'pkijs';
import { fromBase64 } from './bytes';
import { NAME_OID, describeName, nameField, validateChain } from './certificates';
import { verifyDetached } from './cms';
import { DEMO_ORGANIZATION } from './demo';

export interface SealCheck {
  problems: string[];
  /** The seal's subject, when the seal verified and chains to the anchors. */
  sealedBy: string | null;
  /** The anchors or the seal are the DEMO ones. */
  demo: boolean;
}

/**
 * The organisation's seal over `content`: a detached CMS signature (base64) that verifies, by a
 * certificate chaining to the caller's anchors at its signing time, and not a member's key.
 */
export async function checkSeal(cmsBase64: unknown, content: Uint8Array, anchors: readonly pkijs.Certificate[]): Promise<SealCheck> {
  const problems: string[] = [];
  let sealedBy: string | null = null;
  let demo = anchors.some((anchor) => nameField(anchor.subject, NAME_OID.organization) === DEMO_ORGANIZATION);
  const cms = typeof cmsBase64 === 'string' ? fromBase64(cmsBase64) : null;
  if (!cms) return { problems: ['the file carries no seal'], sealedBy, demo };
  const sealCheck = await verifyDetached(cms, content);
  if (!sealCheck.intact || !sealCheck.signer) problems.push(sealCheck.problem ?? 'the seal does not verify');
  else {
    const chain = await validateChain(sealCheck.signer, { intermediates: sealCheck.certificates, anchors, crls: [], at: sealCheck.signingTime ?? new Date() });
    if (chain.length) problems.push(`the seal is not trusted: ${chain[0]}`);
    else if (nameField(sealCheck.signer.subject, NAME_OID.userId)) problems.push("the seal was made with a member's key, not the organisation's seal");
    else sealedBy = describeName(sealCheck.signer.subject);
    if (nameField(sealCheck.signer.subject, NAME_OID.organization) === DEMO_ORGANIZATION) demo = true;
  }
  return { problems, sealedBy, demo };
}
