import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256, toArrayBuffer, toHex } from './bytes';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** id-aa-signatureTimeStampToken (RFC 3161 appendix A): the token over a SignerInfo's signature value. */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** An RFC 3161 request for a token over `data` (its SHA-256), with a fresh nonce, asking for the TSA's certificate. */
export async function timestampRequest(data: Uint8Array): Promise<{ der: Uint8Array; nonce: string }> {
  const nonce = crypto.getRandomValues(new Uint8Array(8));
  nonce[0] &= 0x7f; // a positive INTEGER
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(await sha256(data)) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  return { der: new Uint8Array(request.toSchema().toBER(false)), nonce: toHex(nonce) };
}

export interface TimestampToken {
  /** The token (a CMS ContentInfo), DER. */
  der: Uint8Array;
  genTime: Date;
}

/**
 * The token from a TSA's response to {@link timestampRequest}: granted, over `data`, echoing the
 * nonce, and signed by the certificate it carries. Throws with a sentence otherwise. Whether that
 * certificate is one to trust is the verifier's business, against the TSA roots it is given.
 */
export async function readTimestampResponse(response: Uint8Array, data: Uint8Array, nonce: string): Promise<TimestampToken> {
  let parsed: pkijs.TimeStampResp;
  try {
    parsed = pkijs.TimeStampResp.fromBER(toArrayBuffer(response));
  } catch {
    throw new Error('the answer is not an RFC 3161 time-stamp response');
  }
  const status = parsed.status.status;
  if ((status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) || !parsed.timeStampToken) {
    throw new Error(`the time-stamp authority refused the request (status ${status})`);
  }
  const der = new Uint8Array(parsed.timeStampToken.toSchema().toBER(false));
  const check = await checkToken(der, data);
  if (!check.ok) throw new Error(check.problem);
  if (check.nonce !== nonce) throw new Error('the time-stamp response does not answer this request (nonce)');
  return { der, genTime: check.genTime };
}

type TokenCheck = { ok: true; genTime: Date; nonce: string | null; tsa: pkijs.Certificate | null } | { ok: false; problem: string };

/** Checks a token is over `data` and signed by the TSA certificate it carries. */
export async function checkToken(token: Uint8Array, data: Uint8Array): Promise<TokenCheck> {
  let signedData: pkijs.SignedData;
  let info: pkijs.TSTInfo;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(token));
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== OID.tstInfo || !signedData.encapContentInfo.eContent) throw new Error('not a TSTInfo');
    const content = signedData.encapContentInfo.eContent.getValue();
    info = pkijs.TSTInfo.fromBER(content);
    // pkijs reads the TSTInfo again from a primitive OctetString only; a TSA may send it constructed.
    signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
  } catch {
    return { ok: false, problem: 'the time-stamp token cannot be read' };
  }
  if (info.messageImprint.hashAlgorithm.algorithmId !== OID.sha256) return { ok: false, problem: 'the time-stamp token is not over a SHA-256 digest' };
  const digest = toHex(new Uint8Array(info.messageImprint.hashedMessage.valueBlock.valueHexView));
  if (digest !== toHex(await sha256(data))) return { ok: false, problem: 'the time-stamp token is over other data' };
  try {
    const result = await signedData.verify({ signer: 0, data: toArrayBuffer(data), extendedMode: true, checkChain: false });
    if (!result.signatureVerified) return { ok: false, problem: 'the time-stamp token’s signature does not verify' };
    return { ok: true, genTime: info.genTime, nonce: info.nonce ? toHex(new Uint8Array(info.nonce.valueBlock.valueHexView)) : null, tsa: result.signerCertificate ?? null };
  } catch {
    return { ok: false, problem: 'the time-stamp token’s signature does not verify' };
  }
}

/** The SignerInfo's signature value of a CMS SignedData (what a signature time-stamp covers). */
export function signatureValue(cms: Uint8Array): Uint8Array {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });
  return new Uint8Array(signedData.signerInfos[0].signature.valueBlock.valueHexView);
}

/** The CMS with `token` added as its signer's signature time-stamp (CAdES/PAdES baseline T). */
export function addSignatureTimestamp(cms: Uint8Array, token: Uint8Array): Uint8Array {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });
  const tokenSchema = pkijs.ContentInfo.fromBER(toArrayBuffer(token)).toSchema();
  signedData.signerInfos[0].unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [tokenSchema] })],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** The signature time-stamp a CMS carries, checked against its signature value; null when it has none. */
export async function signatureTimestampOf(cms: Uint8Array): Promise<TokenCheck | null> {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });
  const attribute = signedData.signerInfos[0]?.unsignedAttrs?.attributes.find((item) => item.type === OID.signatureTimeStampToken);
  if (!attribute?.values[0]) return null;
  const token = new Uint8Array((attribute.values[0] as asn1js.Sequence).toBER(false));
  return checkToken(token, new Uint8Array(signedData.signerInfos[0].signature.valueBlock.valueHexView));
}
