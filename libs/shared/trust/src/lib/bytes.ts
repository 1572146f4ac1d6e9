/** Byte helpers that behave the same in node, a browser and the offline verification page. */

const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Strict: only the canonical encoding of some bytes decodes (stray characters would hide changes). */
export function fromBase64(text: string): Uint8Array | null {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return toBase64(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return Array.from(view, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** A copy in a fresh ArrayBuffer: what WebCrypto and asn1js want, whatever view came in. */
export function toArrayBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
  // `new Uint8Array(view)` copies: a node Buffer's own slice() would share its whole pool.
  return new Uint8Array(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).buffer as ArrayBuffer;
}

export function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto is not available here (a browser page must be served over https or opened from a file).');
  return subtle;
}

export async function sha256(bytes: ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtleCrypto().digest('SHA-256', toArrayBuffer(bytes)));
}

export async function sha256Hex(data: string | ArrayBuffer | Uint8Array): Promise<string> {
  return toHex(await sha256(typeof data === 'string' ? utf8(data) : data));
}

/** PEM blocks of one label ("CERTIFICATE", "X509 CRL", "PRIVATE KEY") as DER. */
export function pemBlocks(pem: string, label: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, 'g');
  for (const match of pem.matchAll(pattern)) {
    const der = fromBase64((match[1] ?? '').replace(/\s+/g, ''));
    if (der) blocks.push(der);
  }
  return blocks;
}

export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const body = toBase64(der).replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
