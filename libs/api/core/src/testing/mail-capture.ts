import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message a local SMTP server received: the envelope's recipients and the raw text. */
export interface CapturedMail {
  to: string[];
  body: string;
}

/** A real SMTP server on a free local port that keeps every message it receives, in order. */
export interface MailCapture {
  readonly url: string;
  readonly mails: CapturedMail[];
  close(): Promise<void>;
}

export async function startMailCapture(): Promise<MailCapture> {
  const mails: CapturedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
