/** Standard base64 (with padding) of raw bytes, as the server's `Buffer.toString('base64')`. */
export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Lower-case hex of raw bytes. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return Array.from(view, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A long hex string in groups of four for people to compare by eye: "3f2a 9c01 …". */
export function groupHex(hex: string, size = 4): string {
  return (hex.toLowerCase().match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ');
}
