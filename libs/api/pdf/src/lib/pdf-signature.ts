import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';

/**
 * Room for the CMS signature in bytes (written as hex, twice that): the seal, its chain, and a
 * time-stamp token with the authority's own chain.
 */
const SIGNATURE_ROOM = 32_768;
const PLACEHOLDER = 9_999_999_999;

export interface PdfSignatureFields {
  /** Who signs (the seal's holder), shown by PDF readers. */
  name: string;
  reason: string;
  location: string;
  signedAt: Date;
}

/**
 * Signs a PDF as PAdES baseline B (SubFilter ETSI.CAdES.detached): an invisible signature field
 * on the first page whose /Contents is a detached CMS over every byte of the file except that
 * hex string, as `sign` makes it. Any byte changed afterwards shows as a digest mismatch in
 * every PDF reader and in `pdfsig`.
 */
export async function signPdf(pdf: Uint8Array, fields: PdfSignatureFields, sign: (signedBytes: Uint8Array) => Promise<Uint8Array>): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const context = document.context;
  const byteRange = PDFArray.withContext(context);
  for (const value of [0, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER]) byteRange.push(PDFNumber.of(value));
  const signature = context.register(
    context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.CAdES.detached',
      ByteRange: byteRange,
      Contents: PDFHexString.of('0'.repeat(SIGNATURE_ROOM * 2)),
      Name: PDFHexString.fromText(fields.name),
      Reason: PDFHexString.fromText(fields.reason),
      Location: PDFHexString.fromText(fields.location),
      M: PDFString.fromDate(fields.signedAt),
    }),
  );
  const page = document.getPage(0);
  const widget = context.register(
    context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], F: 132, T: PDFHexString.fromText('Seal'), V: signature, P: page.ref }),
  );
  page.node.addAnnot(widget);
  document.catalog.set(PDFName.of('AcroForm'), context.obj({ SigFlags: 3, Fields: [widget] }));
  const bytes = await document.save({ useObjectStreams: false });

  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const rangeMatch = /\/ByteRange\s*\[\s*0 9999999999 9999999999 9999999999\s*\]/.exec(text);
  const contentsAt = text.indexOf(`<${'0'.repeat(SIGNATURE_ROOM * 2)}>`);
  if (!rangeMatch || contentsAt < 0) throw new Error('The signature placeholder was not found in the saved PDF.');
  const contentsEnd = contentsAt + SIGNATURE_ROOM * 2 + 2;
  const range = `/ByteRange [0 ${contentsAt} ${contentsEnd} ${bytes.length - contentsEnd}]`;
  if (range.length > rangeMatch[0].length) throw new Error('The PDF is too large to sign.');
  const signed = Buffer.from(bytes);
  signed.write(range.padEnd(rangeMatch[0].length, ' '), rangeMatch.index, 'latin1');
  const cms = await sign(Buffer.concat([signed.subarray(0, contentsAt), signed.subarray(contentsEnd)]));
  if (cms.length > SIGNATURE_ROOM) throw new Error('The signature does not fit the room kept for it.');
  signed.write(Buffer.from(cms).toString('hex').toUpperCase(), contentsAt + 1, 'latin1');
  return new Uint8Array(signed);
}
