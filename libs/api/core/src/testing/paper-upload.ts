import type { TestApp, TestResponse } from './test-app';

export interface UploadOptions {
  token?: string;
  fileName?: string;
  fields?: Record<string, string>;
}

/** A multipart upload as the web app sends it: text fields first, then the file. */
export async function uploadPaper(t: TestApp, path: string, bytes: Buffer, { token, fileName = 'paper.pdf', fields = {} }: UploadOptions = {}): Promise<TestResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  const response = await fetch(`${t.url}${path}`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, body };
}

/** A GET whose body is kept as bytes (a PDF), or parsed when it is an error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function fetchBytes(t: TestApp, path: string, token?: string): Promise<{ status: number; headers: Headers; bytes: Buffer; body: any }> {
  const response = await fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  let body: unknown = null;
  if ((response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(bytes.toString('utf8'));
  return { status: response.status, headers: response.headers, bytes, body };
}
