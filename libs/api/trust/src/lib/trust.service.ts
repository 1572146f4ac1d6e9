import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { APP_CONFIG, ConfigError, DomainError, type AppConfig } from '@ecabinet/api/platform';
import { CommonErrorCode } from '@ecabinet/shared/contracts';
import {
  DEMO_ORGANIZATION,
  EC_KEY,
  NAME_OID,
  certificateDer,
  isCertificateAuthority,
  issueCertificate,
  issueCrl,
  type Revocation,
  nameField,
  parseCertificate,
  pemBlocks,
  addSignatureTimestamp,
  readTimestampResponse,
  signDetached,
  signatureValue,
  timestampRequest,
  toBase64,
  validateChain,
} from '@ecabinet/shared/trust';
import { ensureDemoPki, importSigningKey } from './demo-pki';
import { readPkcs12 } from './pkcs12';

interface Seal {
  certificate: Uint8Array;
  chain: Uint8Array[];
  privateKey: CryptoKey;
}

/** What a demo device certificate needs to name its holder. */
export interface CertificateHolder {
  id: string;
  fullName: string;
}

const DEVICE_CERTIFICATE_YEARS = 2;

/** How long a time-stamp authority may take to answer. */
const TSA_TIMEOUT_MS = 15_000;

/**
 * The installation's trust material, loaded and checked at boot: the anchors (TRUST_ANCHORS),
 * the seal (SEAL_P12) that signs bundles, reports and checkpoints, and, in the embedded default
 * only, the DEMO PKI made in DATA_DIR/pki. A seal that does not chain to the anchors, or a demo
 * certificate in production, stops the boot with a sentence saying so.
 */
@Injectable()
export class TrustService implements OnModuleInit {
  private anchorList: pkijs.Certificate[] = [];
  private sealMaterial: Seal | null = null;
  private demoOfficer: { certificate: pkijs.Certificate; privateKey: CryptoKey } | null = null;
  private readonly logger = new Logger(TrustService.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const { anchorsFile, seal } = this.config.trust;
    if (!seal) {
      const demo = await ensureDemoPki(this.config.dataDir);
      this.anchorList = anchorsFile ? await this.readAnchors(anchorsFile) : [parseCertificate(demo.root.certificate) as pkijs.Certificate];
      this.sealMaterial = { certificate: demo.seal.certificate, chain: [], privateKey: await importSigningKey(demo.seal.privateKey) };
      this.demoOfficer = { certificate: parseCertificate(demo.officer.certificate) as pkijs.Certificate, privateKey: await importSigningKey(demo.officer.privateKey) };
    } else {
      this.anchorList = await this.readAnchors(anchorsFile as string);
      this.sealMaterial = await this.readSeal(seal.p12File, seal.password);
    }
    await this.checkSeal();
  }

  /** The anchors this installation trusts (for checks the server makes before it seals). */
  get anchors(): readonly pkijs.Certificate[] {
    return this.anchorList;
  }

  /** Who the seal names (its common name), for PDF signature fields. */
  get sealName(): string {
    const certificate = parseCertificate(this.requireSeal().certificate) as pkijs.Certificate;
    return nameField(certificate.subject, NAME_OID.commonName) ?? 'e-Cabinet seal';
  }

  /** True in the embedded default: documents say DEMO, devices are certified on registration. */
  get isDemo(): boolean {
    return this.demoOfficer !== null;
  }

  /** The demo officer's CA certificate (DER, base64), as device keys' chains name it; null outside the demo. */
  get demoOfficerCertificate(): string | null {
    return this.demoOfficer ? toBase64(certificateDer(this.demoOfficer.certificate)) : null;
  }

  /** The seal's certificate and the CAs between it and the anchors, DER. */
  get sealCertificates(): Uint8Array[] {
    const seal = this.requireSeal();
    return [seal.certificate, ...seal.chain];
  }

  /** A detached CAdES-B signature by the seal over `content` (for a PDF, `at` null: the PDF carries the time). */
  sealDetached(content: Uint8Array, at: Date | null): Promise<Uint8Array> {
    const seal = this.requireSeal();
    return signDetached(content, { certificate: seal.certificate, chain: seal.chain, privateKey: seal.privateKey }, at);
  }

  /**
   * The seal's signature for a PDF (PAdES): baseline B, or baseline T when a time-stamp authority
   * is configured (TSA_URL): the authority's token over the signature is added, so when the
   * document was signed rests on the authority, not on this server's clock. Should the authority
   * not answer with a valid token, nothing is signed (503 TIMESTAMP_UNAVAILABLE).
   */
  async sealPdf(signedBytes: Uint8Array): Promise<Uint8Array> {
    const cms = await this.sealDetached(signedBytes, null);
    const url = this.config.trust.tsaUrl;
    if (!url) return cms;
    const value = signatureValue(cms);
    const request = await timestampRequest(value);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
        body: Buffer.from(request.der),
        signal: AbortSignal.timeout(TSA_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the time-stamp authority answered HTTP ${response.status}`);
      const token = await readTimestampResponse(new Uint8Array(await response.arrayBuffer()), value, request.nonce);
      return addSignatureTimestamp(cms, token.der);
    } catch (error) {
      this.logger.warn({ err: error, tsa: url }, 'no time-stamp token: the document is not signed');
      throw new DomainError(CommonErrorCode.TIMESTAMP_UNAVAILABLE, 'The time-stamp authority did not give a valid token; nothing was signed. Try again later.');
    }
  }

  /**
   * The demo's stand-in for the certificate officer: certifies a device key for `holder`
   * (UID = user id). Null outside the demo, where only an officer's device issues certificates.
   */
  async certifyDemoDevice(holder: CertificateHolder, spkiDer: Uint8Array, at: Date): Promise<{ certificate: Uint8Array; chain: Uint8Array[] } | null> {
    if (!this.demoOfficer) return null;
    const subtle = webcrypto.subtle as unknown as SubtleCrypto;
    const publicKey = await subtle.importKey('spki', new Uint8Array(spkiDer).buffer as ArrayBuffer, EC_KEY, true, ['verify']);
    const certificate = await issueCertificate({
      subject: { commonName: holder.fullName, userId: holder.id, organization: DEMO_ORGANIZATION },
      publicKey,
      issuerCertificate: this.demoOfficer.certificate,
      issuerKey: this.demoOfficer.privateKey,
      notBefore: new Date(at.getTime() - 60_000),
      notAfter: new Date(at.getTime() + DEVICE_CERTIFICATE_YEARS * 365 * 24 * 3_600_000),
    });
    return { certificate, chain: [certificateDer(this.demoOfficer.certificate)] };
  }

  /**
   * The demo officer's revocation list of `revoked` device certificates, each from its date:
   * answers signed before a revocation stay valid, later ones do not. Null outside the demo,
   * where the certificate officer publishes the list.
   */
  async demoRevocationList(revoked: readonly Revocation[], at: Date): Promise<Uint8Array | null> {
    if (!this.demoOfficer) return null;
    return issueCrl(this.demoOfficer.certificate, this.demoOfficer.privateKey, revoked, at, new Date(at.getTime() + 7 * 24 * 3_600_000));
  }

  private requireSeal(): Seal {
    if (!this.sealMaterial) throw new Error('The trust material is not loaded yet.');
    return this.sealMaterial;
  }

  private async readAnchors(file: string): Promise<pkijs.Certificate[]> {
    let pem: string;
    try {
      pem = await readFile(file, 'utf8');
    } catch {
      throw new ConfigError('TRUST_ANCHORS', `cannot be read (${file})`);
    }
    const anchors = pemBlocks(pem, 'CERTIFICATE')
      .map((der) => parseCertificate(der))
      .filter((item): item is pkijs.Certificate => item !== null);
    if (anchors.length === 0) throw new ConfigError('TRUST_ANCHORS', `holds no PEM certificate (${file})`);
    return anchors;
  }

  private async readSeal(file: string, password: string): Promise<Seal> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      throw new ConfigError('SEAL_P12', `cannot be read (${file})`);
    }
    try {
      const content = await readPkcs12(bytes, password);
      const parsed = content.certificates.map((der) => ({ der, certificate: parseCertificate(der) }));
      const leaf = parsed.find((item) => item.certificate && !isCertificateAuthority(item.certificate));
      if (!leaf) throw new Error('holds no end-entity (seal) certificate');
      const anchorDer = new Set(this.anchorList.map((anchor) => toBase64(certificateDer(anchor))));
      const chain = parsed.filter((item) => item !== leaf && item.certificate && !anchorDer.has(toBase64(item.der))).map((item) => item.der);
      return { certificate: leaf.der, chain, privateKey: await importSigningKey(content.privateKey) };
    } catch (error) {
      throw new ConfigError('SEAL_P12', error instanceof Error ? error.message : String(error));
    }
  }

  private async checkSeal(): Promise<void> {
    const seal = this.requireSeal();
    const certificate = parseCertificate(seal.certificate) as pkijs.Certificate;
    const intermediates = seal.chain.map((der) => parseCertificate(der)).filter((item): item is pkijs.Certificate => item !== null);
    const problems = await validateChain(certificate, { intermediates, anchors: this.anchorList, crls: [], at: new Date() });
    if (problems.length) throw new ConfigError(this.config.trust.seal ? 'SEAL_P12' : 'TRUST_ANCHORS', `does not give a seal the anchors trust: ${problems[0]}`);
    if (this.config.env === 'production') {
      const demo = [certificate, ...intermediates, ...this.anchorList].some((item) => nameField(item.subject, NAME_OID.organization) === DEMO_ORGANIZATION);
      if (demo) throw new ConfigError('SEAL_P12', 'or TRUST_ANCHORS is a DEMO certificate, which production refuses');
    }
  }
}
