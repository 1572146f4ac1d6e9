import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestBed } from '@angular/core/testing';
import type { BallotResponse, RegisterKeyRequest, SignedAnswerDocument, SigningKeyResponse } from '@ecabinet/shared/contracts';
import { createHash, createPublicKey, verify, webcrypto } from 'node:crypto';
import { type Observable, of, throwError } from 'rxjs';
import { BallotAnswerService, DeviceKeyRefusedError } from './ballot-answer.service';
import { BallotsApi } from './ballots.api';
import { canonicalJson } from '@ecabinet/shared/trust';
import { DeviceKeyService } from './device-key.service';
import { DEVICE_KEY_VAULT, type DeviceKeyVault, type StoredDeviceKey, SUBTLE_CRYPTO } from './device-key.vault';

class MemoryVault implements DeviceKeyVault {
  readonly records = new Map<string, StoredDeviceKey>();
  async load(userId: string) {
    return this.records.get(userId) ?? null;
  }
  async save(userId: string, key: StoredDeviceKey) {
    this.records.set(userId, key);
  }
}

/** Stands in for the server: keeps registered public keys and checks signatures like it does. */
class FakeServer {
  readonly keys = new Map<string, string>();
  readonly requests = new Map<string, string | undefined>();
  readonly revoked = new Set<string>();
  readonly answers: { document: SignedAnswerDocument; signature: string; keyId: string }[] = [];

  registerKey(request: RegisterKeyRequest): Observable<SigningKeyResponse> {
    const id = `key-${this.keys.size + 1}`;
    this.keys.set(id, request.publicKey);
    this.requests.set(id, request.csr);
    const fingerprint = createHash('sha256').update(Buffer.from(request.publicKey, 'base64')).digest('hex');
    return of({ id, userId: 'u-1', label: request.label, fingerprint, createdAt: '', revokedAt: null });
  }

  answer(_ballotId: string, request: { document: SignedAnswerDocument; signature: string; keyId: string }): Observable<unknown> {
    const publicKey = this.keys.get(request.keyId);
    if (!publicKey || this.revoked.has(request.keyId)) {
      const code = publicKey ? 'SIGNING_KEY_REVOKED' : 'SIGNING_KEY_UNKNOWN';
      return throwError(() => ({ status: 409, error: { statusCode: 409, code, message: code, correlationId: 'c' } }));
    }
    if (!this.verifies(request.document, request.signature, publicKey)) {
      return throwError(() => ({ status: 400, error: { statusCode: 400, code: 'SIGNATURE_INVALID', message: 'bad', correlationId: 'c' } }));
    }
    this.answers.push(request);
    return of({ revision: request.document.revision });
  }

  verifies(document: SignedAnswerDocument, signature: string, publicKey: string): boolean {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify('sha256', Buffer.from(canonicalJson(document), 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64'));
  }
}

const document: SignedAnswerDocument = {
  type: 'ecabinet.ballot-answer',
  ballotId: 'b-1',
  ballotVersion: 4,
  recipientId: 'u-1',
  revision: 1,
  ballotHash: 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1',
  previous: null,
  signedAt: '2026-11-22T08:00:00.000Z',
  answers: [
    { questionId: 'q-1', choice: 'agree', comment: '' },
    { questionId: 'q-2', choice: 'other', comment: 'Đề nghị bổ sung đánh giá tác động' },
  ],
};

describe('DeviceKeyService', () => {
  let vault: MemoryVault;
  let server: FakeServer;
  let service: DeviceKeyService;

  beforeEach(() => {
    vault = new MemoryVault();
    server = new FakeServer();
    TestBed.configureTestingModule({
      providers: [
        { provide: SUBTLE_CRYPTO, useValue: webcrypto.subtle },
        { provide: DEVICE_KEY_VAULT, useValue: vault },
        { provide: BallotsApi, useValue: server },
      ],
    });
    service = TestBed.inject(DeviceKeyService);
  });

  it('creates a non-extractable P-256 key on first use, registers it once and keeps its id', async () => {
    const [first, second] = await Promise.all([service.ensureKey('u-1'), service.ensureKey('u-1')]);
    expect(server.keys.size).toBe(1);
    expect(first.keyId).toBe('key-1');
    expect(second.keyId).toBe('key-1');
    expect(first.keyPair.privateKey.extractable).toBe(false);
    expect(first.keyPair.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(vault.records.get('u-1')?.keyId).toBe('key-1');
    await expect(webcrypto.subtle.exportKey('pkcs8', first.keyPair.privateKey)).rejects.toThrow();
    // The fingerprint is the SHA-256 of the SPKI, as the server computes it.
    expect(first.fingerprint).toBe(createHash('sha256').update(Buffer.from(server.keys.get('key-1') ?? '', 'base64')).digest('hex'));

    // With the key, a certificate request the officer's device certifies: signed by the key (OpenSSL
    // checks it), for that key, naming the user.
    const csr = join(mkdtempSync(join(tmpdir(), 'csr-')), 'device.csr');
    writeFileSync(csr, Buffer.from(server.requests.get('key-1') ?? '', 'base64'));
    const text = execFileSync('openssl', ['req', '-inform', 'DER', '-in', csr, '-verify', '-noout', '-subject', '-pubkey'], { stdio: 'pipe' }).toString();
    expect(text).toMatch(/UID\s*=\s*u-1/);
    expect(text.replace(/^subject=.*$/m, '').replace(/-----[A-Z ]+-----|\s/g, '')).toBe(server.keys.get('key-1'));

    await service.ensureKey('u-1');
    expect(server.keys.size).toBe(1);
  });

  it('signs the canonical text so that node verifies it with the registered public key (P1363)', async () => {
    const signed = await service.signAnswer(document);
    expect(signed.canonical).toBe(canonicalJson(document));
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    const publicKey = server.keys.get(signed.keyId) ?? '';
    expect(server.verifies(document, signed.signature, publicKey)).toBe(true);
    // One changed character of the comment breaks it.
    const tampered = { ...document, answers: [document.answers[0], { ...document.answers[1], comment: 'Đề nghị bổ sung đánh giá tác đông' }] };
    expect(server.verifies(tampered, signed.signature, publicKey)).toBe(false);
  });

  it('keeps one key per user on the same device', async () => {
    const a = await service.ensureKey('u-1');
    const b = await service.ensureKey('u-2');
    expect(a.keyId).not.toBe(b.keyId);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  describe('BallotAnswerService', () => {
    const ballot = {
      id: 'b-1',
      version: 4,
      questions: [
        { id: 'q-1', number: 1, text: 'Một' },
        { id: 'q-2', number: 2, text: 'Hai' },
      ],
      mine: { answered: true, revision: 2, answeredAt: '2026-11-22T07:00:00.000Z', documentHash: 'ef'.repeat(32) },
      approvals: [{ sequence: 1, deadline: '2026-11-23T08:00:00.000Z', signedAt: '2026-11-20T08:00:00.000Z', hash: 'a1'.repeat(32), keyFingerprint: 'b2'.repeat(32) }],
    } as BallotResponse;

    it('sends the next revision with every question in the ballot order, signed by the device', async () => {
      const answers = TestBed.inject(BallotAnswerService);
      await answers.signAndSend(ballot, 'u-1', [
        { questionId: 'q-2', choice: 'other', comment: '  Cần làm rõ  ' },
        { questionId: 'q-1', choice: 'disagree' },
      ]);
      const sent = server.answers[0];
      expect(sent.document.revision).toBe(3);
      expect(sent.document.ballotVersion).toBe(4);
      expect(sent.document.ballotHash).toBe('a1'.repeat(32));
      expect(sent.document.previous).toBe('ef'.repeat(32));
      expect(sent.document.answers).toEqual([
        { questionId: 'q-1', choice: 'disagree', comment: '' },
        { questionId: 'q-2', choice: 'other', comment: 'Cần làm rõ' },
      ]);
    });

    const agreeBoth = [
      { questionId: 'q-1', choice: 'agree' as const },
      { questionId: 'q-2', choice: 'agree' as const },
    ];

    it('when the key was revoked: sends nothing, says so, replaces the stored key, and the next signing goes through', async () => {
      const first = await service.ensureKey('u-1');
      server.revoked.add(first.keyId);
      const answers = TestBed.inject(BallotAnswerService);

      const refused = await answers.signAndSend(ballot, 'u-1', agreeBoth).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DeviceKeyRefusedError);
      const refusal = refused as DeviceKeyRefusedError;
      expect(refusal.reason).toBe('revoked');
      expect(server.answers).toHaveLength(0);
      expect(server.keys.size).toBe(2);
      const stored = vault.records.get('u-1');
      expect(stored?.keyId).toBe('key-2');
      expect(stored?.fingerprint).not.toBe(first.fingerprint);
      expect(refusal.freshFingerprint).toBe(stored?.fingerprint);

      const receipt = await answers.signAndSend(ballot, 'u-1', agreeBoth);
      expect(receipt).toEqual({ revision: 3 });
      expect(server.answers.map((a) => a.keyId)).toEqual(['key-2']);
    });

    it('when the server does not know the key, says "unknown" and registers a fresh one', async () => {
      const first = await service.ensureKey('u-1');
      server.keys.delete(first.keyId);
      const refused = await TestBed.inject(BallotAnswerService)
        .signAndSend(ballot, 'u-1', agreeBoth)
        .catch((error: unknown) => error);
      expect(refused).toMatchObject({ name: 'DeviceKeyRefusedError', reason: 'unknown', freshFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(vault.records.get('u-1')?.fingerprint).not.toBe(first.fingerprint);
      expect(vault.records.get('u-1')?.fingerprint).toBe((refused as DeviceKeyRefusedError).freshFingerprint);
    });

    it('when registering the new key fails, says so and registers it on the next signing', async () => {
      const first = await service.ensureKey('u-1');
      server.revoked.add(first.keyId);
      const register = jest.spyOn(server, 'registerKey').mockReturnValueOnce(throwError(() => ({ status: 0, error: null })));
      const answers = TestBed.inject(BallotAnswerService);

      const refused = (await answers.signAndSend(ballot, 'u-1', agreeBoth).catch((error: unknown) => error)) as DeviceKeyRefusedError;
      expect(refused).toBeInstanceOf(DeviceKeyRefusedError);
      expect(refused.freshFingerprint).toBeNull();
      expect(refused.registrationError).toEqual({ status: 0, error: null });
      // The new private key is kept, waiting for its registration; the revoked one is gone.
      expect(vault.records.get('u-1')?.keyId).toBeNull();

      await answers.signAndSend(ballot, 'u-1', agreeBoth);
      expect(register).toHaveBeenCalledTimes(2);
      expect(server.answers.map((a) => a.keyId)).toEqual(['key-2']);
    });

    it('leaves the key alone when the server refuses the answer for another reason', async () => {
      const first = await service.ensureKey('u-1');
      jest.spyOn(server, 'answer').mockReturnValueOnce(throwError(() => ({ status: 422, error: { statusCode: 422, code: 'BALLOT_CLOSED', message: 'closed', correlationId: 'c' } })));
      const refused = await TestBed.inject(BallotAnswerService)
        .signAndSend(ballot, 'u-1', agreeBoth)
        .catch((error: unknown) => error);
      expect(refused).not.toBeInstanceOf(DeviceKeyRefusedError);
      expect(refused).toMatchObject({ error: { code: 'BALLOT_CLOSED' } });
      expect(vault.records.get('u-1')?.keyId).toBe(first.keyId);
      expect(server.keys.size).toBe(1);
    });

    it('refuses to build a document with an unanswered question', async () => {
      const answers = TestBed.inject(BallotAnswerService);
      await expect(answers.signAndSend(ballot, 'u-1', [{ questionId: 'q-1', choice: 'agree' }])).rejects.toThrow('question 2');
      expect(server.answers).toHaveLength(0);
    });
  });
});
