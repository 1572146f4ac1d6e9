import { signS3Request } from './s3-signer';

describe('signS3Request', () => {
  // The "GET Object" example of the AWS Signature V4 documentation for S3
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
  const credentials = { region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('produces the signature AWS documents for its GET Object example', () => {
    const headers = signS3Request(
      credentials,
      { method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), payloadHash: emptyHash, headers: { Range: 'bytes=0-9' } },
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('changes the signature when anything signed changes', () => {
    const sign = (key: string, secret = credentials.secretAccessKey) =>
      signS3Request({ ...credentials, secretAccessKey: secret }, { method: 'GET', url: new URL(`https://examplebucket.s3.amazonaws.com/${key}`), payloadHash: emptyHash }, new Date('2013-05-24T00:00:00Z'))['authorization'];
    expect(sign('test.txt')).not.toBe(sign('test2.txt'));
    expect(sign('test.txt')).not.toBe(sign('test.txt', 'another secret'));
  });
});
