import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { createECDH, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The push services of Chrome and Android, Firefox, Safari and Edge. */
export const DEFAULT_PUSH_SERVICES = 'https://fcm.googleapis.com,https://updates.push.services.mozilla.com,https://*.push.apple.com,https://*.notify.windows.com';

/** The secret printed in docs and examples; production refuses to start with it. */
export const DEFAULT_JWT_SECRET = 'change-me-to-a-long-random-secret';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toDecimal = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^\d+(\.\d+)?$/.test(String(value).trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const text = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Environment variables as read at boot. Every field names its variable; a bad value stops
 * start-up with one line naming the variable (see {@link loadAppConfig}).
 */
class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  /** AES-256-GCM key of the TOTP secrets at rest: 32 bytes, base64 or hex (openssl rand -base64 32). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TOTP_ENCRYPTION_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'must be an http(s) origin such as https://cabinet.example.gov.vn' })
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** S3-compatible file storage (MinIO, Ceph, AWS S3...): set the bucket to use it instead of DATA_DIR/files. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' })
  S3_BUCKET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'must be an http(s) origin such as https://s3.example.gov.vn' })
  S3_ENDPOINT?: string;

  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** With temporary keys (STS). Without any key, the AWS credential chain (environment, IAM role...) is used. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SESSION_TOKEN?: string;

  /** How long a store request may wait for its answer, or stay silent mid-object, before it is abandoned (and retried, at most S3_MAX_ATTEMPTS in all). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  S3_REQUEST_TIMEOUT_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  S3_MAX_ATTEMPTS = 3;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  MAIL_FROM?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 14;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO?: boolean;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO_PAPERS?: boolean;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest paper upload, in bytes (100 MB). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(2_000_000_000)
  PAPER_MAX_BYTES = 100 * 1024 * 1024;

  /** A paper with more pages is refused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  PAPER_MAX_PAGES = 5000;

  /** Time allowed to read one uploaded paper (in a worker thread), in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  PAPER_PARSE_TIMEOUT_SECONDS = 60;

  /** Heap a worker thread reading papers or compiling a book may use, in MB. */
  @Transform(toInt)
  @IsInt()
  @Min(64)
  @Max(16_384)
  PAPER_WORKER_MEMORY_MB = 512;

  /** How far one compressed stream of an upload may inflate, in MB (all of them together: 8 times that); beyond, the upload is refused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(4096)
  PAPER_MAX_INFLATED_MB = 256;

  /** The government's time zone: every time the server prints (PDFs, e-mails) and the web app shows. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TIMEZONE?: string = DEFAULT_TIMEZONE;

  /**
   * Requests one address may make to the public routes (sign-in, refresh, config, health) per
   * window; 0 turns the limit off. Generous: a ministry of 200 people may sit behind one address.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RATE_LIMIT_PUBLIC_MAX = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_PUBLIC_WINDOW_SECONDS = 60;

  /** Single sign-on (OpenID Connect): the provider's issuer URL; unset, SSO is off. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL such as https://id.example.gov.vn' })
  OIDC_ISSUER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /**
   * The root certificates decisions are verified against (a PEM file; in production the national
   * government root). Unset outside production: the demo root made in DATA_DIR/pki.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TRUST_ANCHORS?: string;

  /** The organisation's seal: certificate chain and private key in a PKCS#12 file. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SEAL_P12?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SEAL_P12_PASSWORD?: string;

  /**
   * Who receives each signed audit checkpoint by e-mail (the inspectors), comma-separated: once
   * a checkpoint is in their hands, no rewrite of the log before it goes unnoticed.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*[^\s@,]+@[^\s@,]+(\s*,\s*[^\s@,]+@[^\s@,]+)*\s*$/, { message: 'must be one or more e-mail addresses, comma-separated' })
  AUDIT_CHECKPOINT_MAILTO?: string;

  /**
   * An RFC 3161 time-stamp authority: with it, every PDF the seal signs carries the authority's
   * token over its signature (PAdES baseline T), proof of when it was signed that the server
   * cannot backdate. Unset: baseline B (the time the server claims).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL such as https://tsa.example.gov.vn/tsr' })
  TSA_URL?: string;

  /** Minutes between periodic audit checkpoints (one is also made at every ballot close); 0: only those. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_080)
  AUDIT_CHECKPOINT_MINUTES = 60;

  /** The issuing body printed at the top left of the minutes and resolutions (Decree 30), upper case. */
  @Matches(/^[\p{Lu}0-9 ,.()-]{2,120}$/u, { message: 'must be the issuing body in upper case, such as CHÍNH PHỦ' })
  DOCUMENT_ISSUER = 'CHÍNH PHỦ';

  /** The place in the date line of the minutes and resolutions ("Hà Nội, ngày …"). */
  @Matches(/^\S.{0,79}$/u, { message: 'must be a place name such as Hà Nội' })
  DOCUMENT_PLACE = 'Hà Nội';

  /** The symbol after the number of the minutes: 05/BB-CP. */
  @Matches(/^[\p{Lu}0-9][\p{Lu}0-9-]{0,19}$/u, { message: 'must be upper-case letters, digits and dashes, such as BB-CP' })
  MINUTES_SYMBOL = 'BB-CP';

  /**
   * Days before a task's due date on which its responsible person is reminded (at 08:00 on the
   * Government's clock), comma-separated; empty: none.
   */
  @Matches(/^\s*(\d{1,3}(\s*,\s*\d{1,3})*)?\s*$/, { message: 'must be whole numbers of days, comma-separated, such as 7,1' })
  TASK_REMINDER_DAYS = '7,1';

  /**
   * Days after a task's due date on which it is escalated (at 08:00): the first to the responsible
   * person and his organisation's head, the later ones to the secretariat as well; empty: none.
   */
  @Matches(/^\s*(\d{1,3}(\s*,\s*\d{1,3})*)?\s*$/, { message: 'must be whole numbers of days, comma-separated, such as 1,7' })
  TASK_ESCALATION_DAYS = '1,7';

  /** What printing and delivering one page of a paper meeting's documents costs, in đồng: the statistics' saving. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  PRINT_COST_PER_PAGE_VND = 1_000;

  /**
   * Hours a paper kept on a member's device stays readable without the app reaching the server;
   * past that the device deletes it (board portals use hours to days). Decimals allowed.
   */
  @Transform(toDecimal)
  @IsNumber({}, { message: 'must be a number of hours, such as 72' })
  @Min(0.01)
  @Max(720)
  OFFLINE_COPY_HOURS = 72;

  /** The symbol after the number of a session resolution: 12/NQ-CP. */
  @Matches(/^[\p{Lu}0-9][\p{Lu}0-9-]{0,19}$/u, { message: 'must be upper-case letters, digits and dashes, such as NQ-CP' })
  RESOLUTION_SYMBOL = 'NQ-CP';

  /** The id_token / userinfo claim matched against an e-Cabinet username. */
  @Matches(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, { message: 'must be a claim name such as preferred_username' })
  OIDC_USERNAME_CLAIM = 'preferred_username';

  /** Web Push (VAPID) public key: an uncompressed P-256 point, base64url (npx web-push generate-vapid-keys). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, { message: 'must be a VAPID public key: 65 bytes in base64url (87 characters)' })
  VAPID_PUBLIC_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a VAPID private key: 32 bytes in base64url (43 characters)' })
  VAPID_PRIVATE_KEY?: string;

  /** Who push services may contact about this server's pushes. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(mailto:\S+@\S+|https:\/\/\S+)$/, { message: 'must be a mailto: or https: URL' })
  VAPID_SUBJECT?: string;

  /** The video engine of hybrid sessions (#15): jitsi or livekit; unset: no video. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['jitsi', 'livekit'])
  VIDEO_PROVIDER?: 'jitsi' | 'livekit';

  /** Jitsi: the deployment's https URL (its external_api.js is loaded from there); LiveKit: its wss:// URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(https?|wss?):\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s) URL (Jitsi) or a ws(s) URL (LiveKit)' })
  VIDEO_URL?: string;

  /** Jitsi: the JWT app_id (issuer); LiveKit: the API key. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  VIDEO_KEY?: string;

  /** Jitsi: the JWT app_secret; LiveKit: the API secret. At least 32 characters. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  VIDEO_SECRET?: string;

  /**
   * The push services devices may subscribe through, as origins; `*.` stands for any subdomain and
   * `:*` for any port. The server posts to these only, so a client cannot make it call elsewhere.
   */
  @Matches(/^\s*[a-z]+:\/\/[^\s,/]+\s*(,\s*[a-z]+:\/\/[^\s,/]+\s*)*$/, { message: 'must be a comma-separated list of origins such as https://fcm.googleapis.com' })
  PUSH_SERVICES = DEFAULT_PUSH_SERVICES;
}

/** Hanoi time: the zone the Government sits in unless TIMEZONE says otherwise. */
export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

/** Whether `zone` is an IANA zone name (`Area/City` or `UTC`) the runtime knows. */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type DatabaseDriver = 'sqlite' | 'postgres';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  database: { driver: 'sqlite'; path: string } | { driver: 'postgres'; url: string; schema?: string };
  redisUrl: string | null;
  jwtSecret: string;
  /** 32 bytes: the AES-256-GCM key of the TOTP secrets stored in the database. */
  totpEncryptionKey: Buffer;
  publicUrl: string;
  smtp: { url: string; from: string } | null;
  /** Paper files in an S3-compatible bucket (path-style requests, signature V4); null: DATA_DIR/files. */
  s3: S3Config | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  seedDemo: boolean;
  /** The demo also gets sample papers (PDFs made at seeding); off in most API tests, for speed. */
  seedDemoPapers: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: string;
  version: string;
  /** IANA zone in which times are printed and shown (TIMEZONE), e.g. Asia/Ho_Chi_Minh. */
  timeZone: string;
  /** Per-address limit of the public routes, counted in Redis when REDIS_URL is set; max 0: off. */
  publicRateLimit: { max: number; windowSeconds: number };
  /** Single sign-on with an OpenID Connect provider (authorization code + PKCE); null: off. */
  oidc: OidcConfig | null;
  /** Where trust comes from; both null outside production: the DEMO PKI in DATA_DIR/pki. */
  trust: { anchorsFile: string | null; seal: { p12File: string; password: string } | null; tsaUrl: string | null };
  /** How the minutes and resolutions are headed and numbered (Decree 30/2020). */
  documents: { issuingBody: string; place: string; minutesSymbol: string; resolutionSymbol: string };
  /** Task reminders (days before the due date) and escalations (days after), each sent once. */
  tasks: { reminderDays: number[]; escalationDays: number[] };
  /** How long a paper kept on a device stays readable offline (OFFLINE_COPY_HOURS), in ms. */
  offlineCopyMs: number;
  /** What the statistics count a page printed at (PRINT_COST_PER_PAGE_VND). */
  printCostPerPage: number;
  /** Web Push: the VAPID key pair (null: nothing is pushed) and the push services allowed as endpoints. */
  push: { vapid: { publicKey: string; privateKey: string; subject: string } | null; services: string[] };
  /** The video engine of hybrid sessions; null: no video. */
  video: VideoConfig | null;
  /** Signed audit checkpoints: who is mailed each one, and how often one is made (0: only at ballot closes). */
  auditCheckpoints: { mailTo: string[]; intervalMinutes: number };
  papers: {
    maxBytes: number;
    maxPages: number;
    parseTimeoutMs: number;
    workerMemoryMb: number;
    /** Bytes one compressed stream may inflate to. */
    maxInflatedBytes: number;
  };
}

export interface VideoConfig {
  provider: 'jitsi' | 'livekit';
  /** Jitsi: https URL of the deployment; LiveKit: wss URL of the server. */
  url: string;
  key: string;
  secret: string;
}

/** Thrown for a bad or missing variable; the bootstrap prints `message` alone and exits. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const TYPE_CONSTRAINTS = ['isInt', 'isBoolean', 'isIn', 'isString', 'matches', 'isEmail'];

function firstProblem(errors: ValidationError[]): ConfigError | null {
  const error = errors[0];
  if (!error) return null;
  const constraints = error.constraints ?? {};
  // Report the type problem before range problems: "must be an integer" beats "must not be greater".
  const key = TYPE_CONSTRAINTS.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  const constraint = (key && constraints[key]) || 'is invalid';
  // class-validator phrases messages as "<property> must ..."; keep only the part after the name.
  const problem = constraint.startsWith(error.property) ? constraint.slice(error.property.length).trim() : constraint;
  const shown = error.property.includes('SECRET') ? '' : ` (got "${String(error.value)}")`;
  return new ConfigError(error.property, `${problem}${shown}`);
}

/**
 * Reads and validates configuration from an environment map. In development a random JWT
 * secret is generated once and kept under DATA_DIR, so sessions survive restarts without any
 * set-up; production refuses to start without an explicit, non-default secret.
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env, version = '0.1.0'): AppConfig {
  const raw = plainToInstance(EnvironmentVariables, { ...env }, { exposeDefaultValues: true });
  const problem = firstProblem(validateSync(raw, { whitelist: true, forbidUnknownValues: false }));
  if (problem) throw problem;

  const production = raw.NODE_ENV === 'production';
  const dataDir = resolve(raw.DATA_DIR);

  if (production && !raw.JWT_SECRET) throw new ConfigError('JWT_SECRET', 'is required in production');
  if (raw.JWT_SECRET === DEFAULT_JWT_SECRET) {
    if (production) throw new ConfigError('JWT_SECRET', 'is the documented default; set a long random secret');
  }
  if (production && raw.SEED_DEMO) throw new ConfigError('SEED_DEMO', 'cannot be true in production (no demo users there)');
  if (production && !raw.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required in production');
  if (production && !raw.SEAL_P12) throw new ConfigError('SEAL_P12', 'is required in production (the seal certificate and key, PKCS#12: see README "Certificates")');
  if (production && !raw.TRUST_ANCHORS) throw new ConfigError('TRUST_ANCHORS', 'is required in production (the root certificates to trust, PEM)');
  if (raw.SEAL_P12 && raw.SEAL_P12_PASSWORD === undefined) throw new ConfigError('SEAL_P12_PASSWORD', 'is required with SEAL_P12');
  if (raw.SEAL_P12 && !raw.TRUST_ANCHORS) throw new ConfigError('TRUST_ANCHORS', 'is required with SEAL_P12 (the seal must chain to them)');
  if (production && !raw.TOTP_ENCRYPTION_KEY) throw new ConfigError('TOTP_ENCRYPTION_KEY', 'is required in production (32 random bytes: openssl rand -base64 32)');
  const totpEncryptionKey = raw.TOTP_ENCRYPTION_KEY ? parseKey(raw.TOTP_ENCRYPTION_KEY) : Buffer.from(developmentSecret(dataDir, '.totp-key', 32), 'base64url');
  if (!totpEncryptionKey) throw new ConfigError('TOTP_ENCRYPTION_KEY', 'must be 32 bytes written as base64 (44 characters) or hex (64 characters)');
  if (raw.S3_BUCKET) {
    if (Boolean(raw.S3_ACCESS_KEY_ID) !== Boolean(raw.S3_SECRET_ACCESS_KEY)) {
      throw new ConfigError(raw.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', 'is required with the other one (or set neither to use the AWS credential chain)');
    }
    if (raw.S3_SESSION_TOKEN && !raw.S3_ACCESS_KEY_ID) throw new ConfigError('S3_ACCESS_KEY_ID', 'is required with S3_SESSION_TOKEN');
  }

  if ((raw.OIDC_CLIENT_ID || raw.OIDC_CLIENT_SECRET) && !raw.OIDC_ISSUER) {
    throw new ConfigError('OIDC_ISSUER', 'is required with OIDC_CLIENT_ID / OIDC_CLIENT_SECRET');
  }
  if (raw.OIDC_ISSUER && !raw.OIDC_CLIENT_ID) throw new ConfigError('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER');
  if (raw.OIDC_ISSUER && !raw.OIDC_CLIENT_SECRET) throw new ConfigError('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER');

  if (Boolean(raw.VAPID_PUBLIC_KEY) !== Boolean(raw.VAPID_PRIVATE_KEY)) {
    throw new ConfigError(raw.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY', 'is required with the other one (npx web-push generate-vapid-keys)');
  }
  // Production pushes only with its own keys; elsewhere a pair is made once and kept under DATA_DIR.
  const vapidKeys = raw.VAPID_PUBLIC_KEY && raw.VAPID_PRIVATE_KEY ? { publicKey: raw.VAPID_PUBLIC_KEY, privateKey: raw.VAPID_PRIVATE_KEY } : production ? null : developmentVapidKeys(dataDir);
  if (vapidKeys && !isVapidPair(vapidKeys)) throw new ConfigError('VAPID_PRIVATE_KEY', 'does not match VAPID_PUBLIC_KEY (or is not a P-256 key)');

  let video: VideoConfig | null = null;
  if (raw.VIDEO_PROVIDER) {
    for (const name of ['VIDEO_URL', 'VIDEO_KEY', 'VIDEO_SECRET'] as const) if (!raw[name]) throw new ConfigError(name, `is required with VIDEO_PROVIDER=${raw.VIDEO_PROVIDER}`);
    const url = raw.VIDEO_URL as string;
    const wanted = raw.VIDEO_PROVIDER === 'jitsi' ? /^https?:/ : /^wss?:/;
    if (!wanted.test(url)) throw new ConfigError('VIDEO_URL', `must be ${raw.VIDEO_PROVIDER === 'jitsi' ? 'an https:// URL of the Jitsi deployment' : 'the wss:// URL of the LiveKit server'} (got "${url}")`);
    if ((raw.VIDEO_SECRET as string).length < 32) throw new ConfigError('VIDEO_SECRET', 'must be at least 32 characters');
    video = { provider: raw.VIDEO_PROVIDER, url: url.replace(/\/$/, ''), key: raw.VIDEO_KEY as string, secret: raw.VIDEO_SECRET as string };
  } else {
    for (const name of ['VIDEO_URL', 'VIDEO_KEY', 'VIDEO_SECRET'] as const) if (raw[name]) throw new ConfigError('VIDEO_PROVIDER', `is required with ${name} (jitsi or livekit)`);
  }

  // An empty TIMEZONE= means the default, like every other optional variable.
  const timeZone = raw.TIMEZONE ?? DEFAULT_TIMEZONE;
  if (!isIanaTimeZone(timeZone)) throw new ConfigError('TIMEZONE', `must be an IANA time zone such as ${DEFAULT_TIMEZONE} (got "${timeZone}")`);

  const port = raw.PORT;
  return {
    env: raw.NODE_ENV as AppConfig['env'],
    port,
    host: raw.HOST,
    dataDir,
    database: raw.DATABASE_URL
      ? { driver: 'postgres', url: raw.DATABASE_URL }
      : { driver: 'sqlite', path: join(dataDir, 'ecabinet.sqlite') },
    redisUrl: raw.REDIS_URL ?? null,
    jwtSecret: raw.JWT_SECRET ?? developmentSecret(dataDir),
    totpEncryptionKey,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    smtp: raw.SMTP_URL ? { url: raw.SMTP_URL, from: raw.MAIL_FROM ?? 'e-cabinet@localhost' } : null,
    s3:
      raw.S3_BUCKET
        ? {
            bucket: raw.S3_BUCKET,
            endpoint: raw.S3_ENDPOINT ? raw.S3_ENDPOINT.replace(/\/$/, '') : null,
            region: raw.S3_REGION,
            credentials:
              raw.S3_ACCESS_KEY_ID && raw.S3_SECRET_ACCESS_KEY
                ? { accessKeyId: raw.S3_ACCESS_KEY_ID, secretAccessKey: raw.S3_SECRET_ACCESS_KEY, ...(raw.S3_SESSION_TOKEN ? { sessionToken: raw.S3_SESSION_TOKEN } : {}) }
                : null,
            requestTimeoutMs: raw.S3_REQUEST_TIMEOUT_MS,
            maxAttempts: raw.S3_MAX_ATTEMPTS,
          }
        : null,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: raw.REFRESH_TOKEN_TTL_DAYS,
    seedDemo: !production && (raw.SEED_DEMO ?? true),
    seedDemoPapers: !production && (raw.SEED_DEMO ?? true) && (raw.SEED_DEMO_PAPERS ?? true),
    trustProxy: raw.TRUST_PROXY ?? false,
    logLevel: raw.LOG_LEVEL,
    version,
    timeZone,
    publicRateLimit: { max: raw.RATE_LIMIT_PUBLIC_MAX, windowSeconds: raw.RATE_LIMIT_PUBLIC_WINDOW_SECONDS },
    oidc:
      raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID && raw.OIDC_CLIENT_SECRET
        ? { issuer: raw.OIDC_ISSUER, clientId: raw.OIDC_CLIENT_ID, clientSecret: raw.OIDC_CLIENT_SECRET, usernameClaim: raw.OIDC_USERNAME_CLAIM }
        : null,
    trust: {
      anchorsFile: raw.TRUST_ANCHORS ? resolve(raw.TRUST_ANCHORS) : null,
      seal: raw.SEAL_P12 ? { p12File: resolve(raw.SEAL_P12), password: raw.SEAL_P12_PASSWORD ?? '' } : null,
      tsaUrl: raw.TSA_URL ?? null,
    },
    documents: { issuingBody: raw.DOCUMENT_ISSUER.trim(), place: raw.DOCUMENT_PLACE.trim(), minutesSymbol: raw.MINUTES_SYMBOL, resolutionSymbol: raw.RESOLUTION_SYMBOL },
    tasks: { reminderDays: dayList(raw.TASK_REMINDER_DAYS), escalationDays: dayList(raw.TASK_ESCALATION_DAYS) },
    printCostPerPage: raw.PRINT_COST_PER_PAGE_VND,
    offlineCopyMs: Math.round(raw.OFFLINE_COPY_HOURS * 3_600_000),
    push: {
      vapid: vapidKeys ? { ...vapidKeys, subject: raw.VAPID_SUBJECT ?? `mailto:${raw.MAIL_FROM ?? 'e-cabinet@localhost'}` } : null,
      services: raw.PUSH_SERVICES.split(',').map((origin) => origin.trim().toLowerCase()).filter(Boolean),
    },
    video,
    auditCheckpoints: {
      mailTo: (raw.AUDIT_CHECKPOINT_MAILTO ?? '').split(',').map((address) => address.trim()).filter(Boolean),
      intervalMinutes: raw.AUDIT_CHECKPOINT_MINUTES,
    },
    papers: {
      maxBytes: raw.PAPER_MAX_BYTES,
      maxPages: raw.PAPER_MAX_PAGES,
      parseTimeoutMs: raw.PAPER_PARSE_TIMEOUT_SECONDS * 1000,
      workerMemoryMb: raw.PAPER_WORKER_MEMORY_MB,
      maxInflatedBytes: raw.PAPER_MAX_INFLATED_MB * 1024 * 1024,
    },
  };
}

/** "7, 1" as [7, 1]: distinct whole days, largest first. */
function dayList(text: string): number[] {
  const days = text.split(',').map((part) => part.trim()).filter(Boolean).map(Number);
  return [...new Set(days)].sort((a, b) => b - a);
}

/** 32 bytes as 64 hex digits or base64 / base64url; anything else is null. */
function parseKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

function developmentSecret(dataDir: string, name = '.jwt-secret', bytes = 48): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function developmentVapidKeys(dataDir: string): { publicKey: string; privateKey: string } {
  const file = join(dataDir, '.vapid-keys');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  mkdirSync(dataDir, { recursive: true });
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys = { publicKey: ecdh.getPublicKey('base64url'), privateKey: ecdh.getPrivateKey('base64url') };
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** Whether the private key is a P-256 scalar whose public point is `publicKey`. */
function isVapidPair(keys: { publicKey: string; privateKey: string }): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(keys.privateKey, 'base64url'));
    return ecdh.getPublicKey('base64url') === keys.publicKey;
  } catch {
    return false;
  }
}

export interface S3Config {
  bucket: string;
  /** Origin of an S3-compatible API, e.g. http://minio:9000 (requests are then path-style: /bucket/key); null: AWS S3 itself. */
  endpoint: string | null;
  region: string;
  /** Static keys; null: the AWS SDK's default credential chain (environment, shared files, IAM role of the host). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
  requestTimeoutMs: number;
  maxAttempts: number;
}

export interface OidcConfig {
  /** Issuer URL; its /.well-known/openid-configuration is read at the first sign-in (and again after a failure). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim matched against an existing, enabled e-Cabinet username (never creates one). */
  usernameClaim: string;
}

/** Injection token for {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
