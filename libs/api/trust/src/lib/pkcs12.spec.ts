import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { readPkcs12 } from './pkcs12';

describe('readPkcs12', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p12-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'key.pem');
  run('req', '-new', '-x509', '-key', 'key.pem', '-subj', '/CN=Văn phòng Chính phủ/O=Test', '-utf8', '-days', '10', '-out', 'cert.pem');
  run('pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'seal.p12', '-passout', 'pass:mật khẩu');

  it('reads the key and certificate of a file OpenSSL wrote', async () => {
    const content = await readPkcs12(readFileSync(join(dir, 'seal.p12')), 'mật khẩu');
    expect(content.certificates).toHaveLength(1);
    const key = createPrivateKey({ key: Buffer.from(content.privateKey), format: 'der', type: 'pkcs8' });
    expect(key.export({ format: 'jwk' })).toEqual(createPrivateKey(readFileSync(join(dir, 'key.pem'))).export({ format: 'jwk' }));
  });

  it('says what is wrong with a wrong password or a file that is not PKCS#12', async () => {
    await expect(readPkcs12(readFileSync(join(dir, 'seal.p12')), 'wrong')).rejects.toThrow('SEAL_P12_PASSWORD');
    await expect(readPkcs12(readFileSync(join(dir, 'cert.pem')), 'mật khẩu')).rejects.toThrow('not a PKCS#12');
  });
});
