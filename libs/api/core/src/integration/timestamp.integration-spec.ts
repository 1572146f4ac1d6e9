import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAME_OID, TIME_STAMPING, nameField, signatureTimestampOf, testAuthority, testLeaf, testTimestampResponse, timestampRequest, type TestAuthority } from '@ecabinet/shared/trust';
import { answeredClosedBallot, pdfsigTrustingDemoRoot, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

/** The CMS in a PDF's signature dictionary (/Contents, hex, padded with zeros). */
function pdfSignature(pdf: Buffer): Uint8Array {
  const text = pdf.toString('latin1');
  const match = /\/Contents\s*<([0-9A-Fa-f]+)>/.exec(text.slice(text.indexOf('/ByteRange')));
  if (!match) throw new Error('no signature in the PDF');
  const hex = match[1].replace(/(00)+$/, '');
  return new Uint8Array(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
}

/**
 * PAdES baseline T: with TSA_URL, the seal's signature of a report carries an RFC 3161 token over
 * it from the time-stamp authority (a local one here: the authority is outside the product).
 * Without an answer, or with a wrong one, nothing is signed.
 */
describe(`time-stamped report signatures (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let tsaServer: Server;
  let tsa: TestAuthority;
  let mode: 'grant' | 'down' | 'other' = 'grant';
  let requests = 0;
  const dir = mkdtempSync(join(tmpdir(), 'tsa-'));

  beforeAll(async () => {
    const root = await testAuthority('Gốc TSA thử nghiệm', null, 1);
    tsa = await testLeaf(root, 'tsa', [TIME_STAMPING]);
    tsaServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests += 1;
        const body = new Uint8Array(Buffer.concat(chunks));
        if (mode === 'down' || request.headers['content-type'] !== 'application/timestamp-query') {
          response.writeHead(503).end();
          return;
        }
        // 'other': a genuine token, but for a request made by someone else.
        void (mode === 'other' ? timestampRequest(new Uint8Array([1])).then((other) => other.der) : Promise.resolve(body))
          .then((asked) => testTimestampResponse(asked, tsa))
          .then((der) => response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(der)));
      });
    });
    await new Promise<void>((resolve) => tsaServer.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({ env: { TSA_URL: `http://127.0.0.1:${(tsaServer.address() as AddressInfo).port}/tsr` } });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => tsaServer.close(resolve));
  });

  it("adds the authority's token over the seal's signature; pdfsig still finds the report valid; no token, no signature", async () => {
    const { ballot, secretary } = await answeredClosedBallot(t);
    const report = () => fetch(`${t.url}/api/ballots/${ballot.id}/report`, { headers: { authorization: `Bearer ${secretary}` } });

    const before = Date.now();
    const response = await report();
    expect(response.status).toBe(200);
    const pdf = Buffer.from(await response.arrayBuffer());
    const stamp = await signatureTimestampOf(pdfSignature(pdf));
    expect(stamp).toMatchObject({ ok: true });
    if (!stamp?.ok) return;
    expect(stamp.genTime.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(stamp.tsa && nameField(stamp.tsa.subject, NAME_OID.userId)).toBe('tsa');

    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const checked = pdfsigTrustingDemoRoot(t, dir, file);
    expect(checked).toContain('Signature is Valid.');
    expect(checked).toContain('Total document signed');

    // The authority down, or answering someone else's request: 503, and no PDF.
    for (const failing of ['down', 'other'] as const) {
      mode = failing;
      const asked = requests;
      const refused = await report();
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ code: 'TIMESTAMP_UNAVAILABLE' });
      expect(requests).toBe(asked + 1);
    }
    mode = 'grant';
    expect((await report()).status).toBe(200);
  });
});
