import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULT_JWT_SECRET, loadAppConfig } from './app-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'ecabinet-config-'));
const longSecret = 'x'.repeat(40);

describe('loadAppConfig', () => {
  it('defaults to the embedded set-up: port 3000, SQLite under DATA_DIR, demo seed, a generated secret kept on disk', () => {
    const dir = dataDir();
    const config = loadAppConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ driver: 'sqlite', path: join(dir, 'ecabinet.sqlite') });
    expect(config.seedDemo).toBe(true);
    expect(config.redisUrl).toBeNull();
    expect(config.papers).toEqual({ maxBytes: 104_857_600, maxPages: 5000, parseTimeoutMs: 60_000, workerMemoryMb: 512, maxInflatedBytes: 256 * 1024 * 1024 });
    expect(config.jwtSecret).toBe(readFileSync(join(dir, '.jwt-secret'), 'utf8'));
    expect(loadAppConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
  });

  it('switches to PostgreSQL and Redis when their URLs are set', () => {
    const config = loadAppConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u@db:5432/ecabinet', REDIS_URL: 'redis://cache:6379' });
    expect(config.database).toEqual({ driver: 'postgres', url: 'postgres://u@db:5432/ecabinet' });
    expect(config.redisUrl).toBe('redis://cache:6379');
  });

  it.each([
    [{ PORT: 'abc' }, 'Configuration error: PORT must be an integer number (got "abc")'],
    [{ PORT: '70000' }, 'Configuration error: PORT must not be greater than 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://x' }, 'Configuration error: DATABASE_URL must be a postgres:// URL (got "mysql://x")'],
    [{ REDIS_URL: 'localhost:6379' }, 'Configuration error: REDIS_URL must be a redis:// or rediss:// URL (got "localhost:6379")'],
    [{ NODE_ENV: 'staging' }, 'Configuration error: NODE_ENV must be one of the following values: development, production, test (got "staging")'],
    [{ JWT_SECRET: 'short' }, 'Configuration error: JWT_SECRET must be at least 32 characters'],
    [{ SEED_DEMO: 'perhaps' }, 'Configuration error: SEED_DEMO must be true or false (got "perhaps")'],
    [{ SMTP_URL: 'mail.example.org' }, 'Configuration error: SMTP_URL must be an smtp:// or smtps:// URL (got "mail.example.org")'],
    [{ PAPER_MAX_BYTES: '100MB' }, 'Configuration error: PAPER_MAX_BYTES must be an integer number (got "100MB")'],
    [{ PAPER_MAX_PAGES: '0' }, 'Configuration error: PAPER_MAX_PAGES must not be less than 1 (got "0")'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });

  it('prints and shows times in Hanoi time unless TIMEZONE names another IANA zone', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir() }).timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(loadAppConfig({ DATA_DIR: dataDir(), TIMEZONE: '' }).timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(loadAppConfig({ DATA_DIR: dataDir(), TIMEZONE: 'Europe/Paris' }).timeZone).toBe('Europe/Paris');
    expect(loadAppConfig({ DATA_DIR: dataDir(), TIMEZONE: 'UTC' }).timeZone).toBe('UTC');
    for (const zone of ['Asia/Hanoi', 'GMT+7', '+07:00', 'Hanoi']) {
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), TIMEZONE: zone })).toThrow(
        `Configuration error: TIMEZONE must be an IANA time zone such as Asia/Ho_Chi_Minh (got "${zone}")`,
      );
    }
  });

  it('never shows a secret in the error', () => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), JWT_SECRET: 'my-short-secret' })).not.toThrow(/my-short-secret/);
  });

  it('turns single sign-on on only with issuer, client id and secret together, naming the missing variable', () => {
    const issuer = 'https://id.example.gov.vn/realms/gov';
    expect(loadAppConfig({ DATA_DIR: dataDir() }).oidc).toBeNull();
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), OIDC_ISSUER: issuer })).toThrow('Configuration error: OIDC_CLIENT_ID is required with OIDC_ISSUER');
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'ecabinet' })).toThrow('Configuration error: OIDC_CLIENT_SECRET is required with OIDC_ISSUER');
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), OIDC_CLIENT_ID: 'ecabinet' })).toThrow(/OIDC_ISSUER is required/);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), OIDC_ISSUER: 'id.example.gov.vn' })).toThrow(/OIDC_ISSUER must be an http\(s\) URL/);
    expect(loadAppConfig({ DATA_DIR: dataDir(), OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'ecabinet', OIDC_CLIENT_SECRET: 's3cret' }).oidc).toEqual({
      issuer,
      clientId: 'ecabinet',
      clientSecret: 's3cret',
      usernameClaim: 'preferred_username',
    });
    expect(loadAppConfig({ DATA_DIR: dataDir(), OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'ecabinet', OIDC_CLIENT_SECRET: 's3cret', OIDC_USERNAME_CLAIM: 'email' }).oidc?.usernameClaim).toBe('email');
  });

  it('keeps papers in S3 with static keys (and a session token), or with the AWS credential chain when no key is given', () => {
    const bucket = { DATA_DIR: dataDir(), S3_BUCKET: 'ecabinet-papers' };
    expect(loadAppConfig(bucket).s3).toEqual({ bucket: 'ecabinet-papers', endpoint: null, region: 'us-east-1', credentials: null, requestTimeoutMs: 30_000, maxAttempts: 3 });
    expect(loadAppConfig({ ...bucket, S3_ENDPOINT: 'http://minio:9000/', S3_ACCESS_KEY_ID: 'AK', S3_SECRET_ACCESS_KEY: 'SK', S3_SESSION_TOKEN: 'ST', S3_MAX_ATTEMPTS: '5' }).s3).toMatchObject({
      endpoint: 'http://minio:9000',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' },
      maxAttempts: 5,
    });
    expect(() => loadAppConfig({ ...bucket, S3_ACCESS_KEY_ID: 'AK' })).toThrow(/S3_SECRET_ACCESS_KEY is required with the other one/);
    expect(() => loadAppConfig({ ...bucket, S3_SESSION_TOKEN: 'ST' })).toThrow(/S3_ACCESS_KEY_ID is required with S3_SESSION_TOKEN/);
    expect(() => loadAppConfig({ ...bucket, S3_REQUEST_TIMEOUT_MS: '10' })).toThrow(/S3_REQUEST_TIMEOUT_MS/);
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/ecabinet', SEAL_P12: '/run/secrets/seal.p12', SEAL_P12_PASSWORD: 'p', TRUST_ANCHORS: '/etc/ecabinet/roots.pem' };
    const totpKey = Buffer.alloc(32, 7).toString('base64');

    it('requires a secret and refuses the documented default', () => {
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...production })).toThrow('Configuration error: JWT_SECRET is required in production');
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...production, JWT_SECRET: DEFAULT_JWT_SECRET })).toThrow(/JWT_SECRET is the documented default/);
    });

    it('requires PostgreSQL and never seeds demo users', () => {
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production', JWT_SECRET: longSecret })).toThrow(/DATABASE_URL is required/);
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...production, JWT_SECRET: longSecret, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO cannot be true/);
      expect(loadAppConfig({ DATA_DIR: dataDir(), ...production, JWT_SECRET: longSecret, TOTP_ENCRYPTION_KEY: totpKey }).seedDemo).toBe(false);
    });

    it('requires the seal and the trust anchors (never a demo PKI), and an anchor file with any seal', () => {
      const base = { DATA_DIR: dataDir(), ...production, JWT_SECRET: longSecret, TOTP_ENCRYPTION_KEY: totpKey };
      expect(() => loadAppConfig({ ...base, SEAL_P12: '' })).toThrow('Configuration error: SEAL_P12 is required in production');
      expect(() => loadAppConfig({ ...base, TRUST_ANCHORS: '' })).toThrow('Configuration error: TRUST_ANCHORS is required in production');
      expect(() => loadAppConfig({ ...base, SEAL_P12_PASSWORD: undefined })).toThrow('SEAL_P12_PASSWORD is required with SEAL_P12');
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), SEAL_P12: 'seal.p12', SEAL_P12_PASSWORD: 'p' })).toThrow('TRUST_ANCHORS is required with SEAL_P12');
      expect(loadAppConfig(base).trust).toEqual({ anchorsFile: '/etc/ecabinet/roots.pem', seal: { p12File: '/run/secrets/seal.p12', password: 'p' }, tsaUrl: null });
      expect(loadAppConfig({ DATA_DIR: dataDir() }).trust).toEqual({ anchorsFile: null, seal: null, tsaUrl: null });
    });

    it('heads and numbers the minutes and resolutions as configured, and refuses a symbol that is not one', () => {
      expect(loadAppConfig({ DATA_DIR: dataDir() }).documents).toEqual({ issuingBody: 'CHÍNH PHỦ', place: 'Hà Nội', minutesSymbol: 'BB-CP', resolutionSymbol: 'NQ-CP' });
      expect(loadAppConfig({ DATA_DIR: dataDir(), DOCUMENT_ISSUER: 'ỦY BAN NHÂN DÂN TỈNH HÀ GIANG', DOCUMENT_PLACE: 'Hà Giang', RESOLUTION_SYMBOL: 'NQ-UBND' }).documents).toEqual({
        issuingBody: 'ỦY BAN NHÂN DÂN TỈNH HÀ GIANG',
        place: 'Hà Giang',
        minutesSymbol: 'BB-CP',
        resolutionSymbol: 'NQ-UBND',
      });
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), RESOLUTION_SYMBOL: 'nq cp' })).toThrow('RESOLUTION_SYMBOL must be upper-case letters, digits and dashes');
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), DOCUMENT_ISSUER: 'Chính phủ' })).toThrow('DOCUMENT_ISSUER must be the issuing body in upper case');
    });

    it('reminds of tasks and escalates them on the days configured (none when empty), and refuses anything but whole days', () => {
      expect(loadAppConfig({ DATA_DIR: dataDir() }).tasks).toEqual({ reminderDays: [7, 1], escalationDays: [7, 1] });
      expect(loadAppConfig({ DATA_DIR: dataDir(), TASK_REMINDER_DAYS: ' 1, 14,3,1 ', TASK_ESCALATION_DAYS: '' }).tasks).toEqual({ reminderDays: [14, 3, 1], escalationDays: [] });
      for (const wrong of ['7;1', '-1', '1.5', 'bảy']) {
        expect(() => loadAppConfig({ DATA_DIR: dataDir(), TASK_REMINDER_DAYS: wrong })).toThrow('TASK_REMINDER_DAYS must be whole numbers of days, comma-separated');
      }
    });

    it('takes a time-stamp authority only as an http(s) URL, and refuses to start on anything else', () => {
      expect(loadAppConfig({ DATA_DIR: dataDir(), TSA_URL: 'https://tsa.example.gov.vn/tsr' }).trust.tsaUrl).toBe('https://tsa.example.gov.vn/tsr');
      expect(loadAppConfig({ DATA_DIR: dataDir(), TSA_URL: '' }).trust.tsaUrl).toBeNull();
      for (const wrong of ['tsa.example.gov.vn', 'ftp://tsa.example.gov.vn/tsr', 'https://tsa example']) {
        expect(() => loadAppConfig({ DATA_DIR: dataDir(), TSA_URL: wrong })).toThrow('TSA_URL must be an http(s) URL such as https://tsa.example.gov.vn/tsr');
      }
    });

    it('requires a well-formed TOTP encryption key, and keeps a generated one in DATA_DIR in development only', () => {
      expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...production, JWT_SECRET: longSecret })).toThrow('Configuration error: TOTP_ENCRYPTION_KEY is required in production');
      for (const wrong of ['too-short', 'x'.repeat(44), 'ab'.repeat(31)]) {
        expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...production, JWT_SECRET: longSecret, TOTP_ENCRYPTION_KEY: wrong })).toThrow(/TOTP_ENCRYPTION_KEY must be 32 bytes/);
      }
      expect(loadAppConfig({ DATA_DIR: dataDir(), ...production, JWT_SECRET: longSecret, TOTP_ENCRYPTION_KEY: 'ab'.repeat(32) }).totpEncryptionKey).toEqual(Buffer.alloc(32, 0xab));
      const dir = dataDir();
      const development = loadAppConfig({ DATA_DIR: dir });
      expect(development.totpEncryptionKey).toHaveLength(32);
      expect(loadAppConfig({ DATA_DIR: dir }).totpEncryptionKey).toEqual(development.totpEncryptionKey);
    });
  });

  it('pushes with a VAPID pair made once under DATA_DIR, or with the one given; production pushes only with its own; a mismatched pair is refused', () => {
    const dir = dataDir();
    const made = loadAppConfig({ DATA_DIR: dir }).push;
    expect(made.vapid?.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(made.vapid?.subject).toBe('mailto:e-cabinet@localhost');
    expect(loadAppConfig({ DATA_DIR: dir }).push.vapid).toEqual(made.vapid);
    expect(made.services).toContain('https://fcm.googleapis.com');

    const other = loadAppConfig({ DATA_DIR: dataDir() }).push.vapid;
    const given = loadAppConfig({ DATA_DIR: dataDir(), VAPID_PUBLIC_KEY: other?.publicKey, VAPID_PRIVATE_KEY: other?.privateKey, VAPID_SUBJECT: 'https://cabinet.example.gov.vn', PUSH_SERVICES: 'https://fcm.googleapis.com, http://127.0.0.1:*' }).push;
    expect(given).toEqual({ vapid: { publicKey: other?.publicKey, privateKey: other?.privateKey, subject: 'https://cabinet.example.gov.vn' }, services: ['https://fcm.googleapis.com', 'http://127.0.0.1:*'] });

    const production = { NODE_ENV: 'production', DATA_DIR: dataDir(), JWT_SECRET: longSecret, DATABASE_URL: 'postgres://u@db/e', SEAL_P12: '/s.p12', SEAL_P12_PASSWORD: 'x', TRUST_ANCHORS: '/a.pem', TOTP_ENCRYPTION_KEY: 'a'.repeat(64) };
    expect(loadAppConfig(production).push.vapid).toBeNull();
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), VAPID_PUBLIC_KEY: made.vapid?.publicKey })).toThrow(/VAPID_PRIVATE_KEY is required with the other one/);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), VAPID_PUBLIC_KEY: made.vapid?.publicKey, VAPID_PRIVATE_KEY: other?.privateKey })).toThrow(/does not match VAPID_PUBLIC_KEY/);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), VAPID_SUBJECT: 'http://x' })).toThrow(ConfigError);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), PUSH_SERVICES: 'fcm.googleapis.com' })).toThrow(/PUSH_SERVICES must be a comma-separated list of origins/);
  });
});
