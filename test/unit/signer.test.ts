import * as assert from 'node:assert/strict';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { prng } from '../bench/generate';
import {
  buildRequestUrl,
  canonicalQueryString,
  canonicalUri,
  encodeRfc3986,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  signRequest,
  type QueryParams,
} from '../../src/modelarts/signer';

/** What the official SDK puts in Authorization for the same request. */
function officialAuthorization(
  host: string,
  path: string,
  query: Record<string, string | string[]>,
  headers: Record<string, string>,
  ak: string,
  sk: string,
): string {
  const credentials = new BasicCredentials().withAk(ak).withSk(sk);
  // The SDK sorts array values in place: give it copies.
  const queryCopy: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(query)) queryCopy[k] = Array.isArray(v) ? [...v] : v;
  const signed = AKSKSigner.sign(
    { method: 'GET', endpoint: `https://${host}${path}`, queryParams: queryCopy, headers: { ...headers } },
    credentials,
  ) as Record<string, string>;
  return signed.Authorization;
}


describe('signer', () => {
  const vectorHeaders = {
    'content-type': 'application/json',
    'X-Project-Id': '0123456789abcdef',
    'X-Sdk-Date': '20240101T000000Z',
  };
  const vectorQuery = { workspaceId: '0', status: 'created', labelSelector: 'os.modelarts/name=my pool' };

  it('signs the issue vector exactly', () => {
    const signed = signRequest(
      { method: 'GET', host: 'modelarts.cn-north-4.myhuaweicloud.com', path: '/v2/0123456789abcdef/pools', query: vectorQuery, headers: vectorHeaders },
      { accessKey: 'AK_EXAMPLE', secretKey: 'SK_EXAMPLE' },
    );
    assert.equal(signed.signedHeaders, 'content-type;host;x-project-id;x-sdk-date');
    assert.equal(signed.signature, '48174654f5f020bdf325adfebb4ff3186404bd7a4a064af0966c158666aa78b8');
    assert.equal(
      signed.authorization,
      'SDK-HMAC-SHA256 Access=AK_EXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=48174654f5f020bdf325adfebb4ff3186404bd7a4a064af0966c158666aa78b8',
    );
    assert.equal(signed.headers.Authorization, signed.authorization);
    assert.equal(signed.headers.host, 'modelarts.cn-north-4.myhuaweicloud.com');
    assert.equal(
      signed.canonicalRequest,
      [
        'GET',
        '/v2/0123456789abcdef/pools/',
        'labelSelector=os.modelarts%2Fname%3Dmy%20pool&status=created&workspaceId=0',
        'content-type:application/json',
        'host:modelarts.cn-north-4.myhuaweicloud.com',
        'x-project-id:0123456789abcdef',
        'x-sdk-date:20240101T000000Z',
        '',
        'content-type;host;x-project-id;x-sdk-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });

  it('equals the official signer on the issue vector', () => {
    const official = officialAuthorization(
      'modelarts.cn-north-4.myhuaweicloud.com', '/v2/0123456789abcdef/pools', vectorQuery, vectorHeaders, 'AK_EXAMPLE', 'SK_EXAMPLE');
    const ours = signRequest(
      { method: 'GET', host: 'modelarts.cn-north-4.myhuaweicloud.com', path: '/v2/0123456789abcdef/pools', query: vectorQuery, headers: vectorHeaders },
      { accessKey: 'AK_EXAMPLE', secretKey: 'SK_EXAMPLE' },
    );
    assert.equal(ours.authorization, official);
  });

  it('equals the official signer on 240 generated requests', () => {
    const rnd = prng(20240101);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
    const str = (alphabet: readonly string[], min: number, max: number): string => {
      const n = min + Math.floor(rnd() * (max - min + 1));
      let s = '';
      for (let i = 0; i < n; i++) s += pick(alphabet);
      return s;
    };
    const alnum = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
    // Path segments: everything url.parse (which the SDK uses) leaves as is.
    const pathChars = [...alnum, ...'-_.~!*()@:$,;=+&', 'é', '中', 'ß', '😀'];
    // Query values: the awkward ones the issue lists, and more.
    const valueChars = [...alnum, ...'!\'()*/= &+%#?,;:@$[]{}|^`"<>\\~-_.', 'é', '中文', 'Ω', '😀', '\t'];
    const keys = ['workspaceId', 'labelSelector', 'status', 'parent', 'name', 'limit', 'x_y', 'a.b', 'Key-1', 'sort key', 'ключ', 'k!*'];
    const hosts = [
      'modelarts.cn-north-4.myhuaweicloud.com',
      'modelarts.ap-southeast-3.myhuaweicloud.com:8443',
      '127.0.0.1:54321',
      'localhost:65535',
      'iam.eu-west-101.myhuaweicloud.eu',
    ];
    const tokenChars = [...alnum, ...'+/=_-'];
    let withToken = 0;
    let withEmpty = 0;
    let withSlash = 0;
    for (let i = 0; i < 240; i++) {
      const host = pick(hosts);
      const segments = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => str(pathChars, 1, 12));
      const trailing = rnd() < 0.5;
      if (trailing) withSlash++;
      const path = '/' + segments.join('/') + (trailing ? '/' : '');
      const query: Record<string, string | string[]> = {};
      const nKeys = Math.floor(rnd() * 6);
      for (let k = 0; k < nKeys; k++) {
        const key = pick(keys);
        const r = rnd();
        if (r < 0.15) {
          query[key] = '';
          withEmpty++;
        } else if (r < 0.25) {
          query[key] = [str(valueChars, 0, 6), str(valueChars, 1, 6), str(valueChars, 1, 6)];
        } else {
          query[key] = str(valueChars, 1, 24);
        }
      }
      const ak = str([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'], 20, 20);
      const sk = str(alnum, 40, 40);
      const date = new Date(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 8 * 365 * 86400) * 1000);
      const headers: Record<string, string> = { 'X-Sdk-Date': formatSdkDate(date) };
      if (rnd() < 0.7) headers['content-type'] = 'application/json';
      if (rnd() < 0.7) headers['X-Project-Id'] = str([...'0123456789abcdef'], 32, 32);
      let token: string | undefined;
      if (rnd() < 0.4) {
        token = str(tokenChars, 40, 200);
        headers['X-Security-Token'] = token;
        withToken++;
      }
      if (rnd() < 0.3) headers['X-Trace-Info'] = 'trace ' + str(alnum, 1, 10);
      const official = officialAuthorization(host, path, query, headers, ak, sk);
      const ours = signRequest(
        { method: 'GET', host, path, query, headers },
        { accessKey: ak, secretKey: sk, securityToken: token },
      );
      assert.equal(ours.authorization, official, `request #${i}: GET https://${host}${path} ${JSON.stringify(query)}`);
    }
    // The generator really exercised the awkward cases.
    assert.ok(withToken > 40, `security token in ${withToken} requests`);
    assert.ok(withEmpty > 10, `empty values in ${withEmpty} requests`);
    assert.ok(withSlash > 60 && withSlash < 180, `trailing slash in ${withSlash} requests`);
  });

  it('adds and signs X-Security-Token for temporary credentials', () => {
    const signed = signRequest(
      { method: 'GET', host: 'h.example', path: '/v2/p/pools', headers: { 'X-Sdk-Date': '20240101T000000Z' } },
      { accessKey: 'AK', secretKey: 'SK', securityToken: 'TOKEN+/=' },
    );
    assert.equal(signed.headers['X-Security-Token'], 'TOKEN+/=');
    assert.equal(signed.signedHeaders, 'host;x-sdk-date;x-security-token');
    assert.ok(signed.canonicalRequest.includes('\nx-security-token:TOKEN+/=\n'));
  });

  it('adds X-Sdk-Date from the clock when missing', () => {
    const signed = signRequest({ method: 'GET', host: 'h', path: '/' }, { accessKey: 'A', secretKey: 'S' }, new Date(Date.UTC(2024, 1, 29, 23, 59, 58)));
    assert.equal(signed.headers['X-Sdk-Date'], '20240229T235958Z');
    assert.equal(signed.sdkDate, '20240229T235958Z');
  });

  it('encodes like RFC 3986', () => {
    assert.equal(encodeRfc3986('AZaz09-_.~'), 'AZaz09-_.~');
    assert.equal(encodeRfc3986("!'()*"), '%21%27%28%29%2A');
    assert.equal(encodeRfc3986('a b/c=d&e+f%'), 'a%20b%2Fc%3Dd%26e%2Bf%25');
    assert.equal(encodeRfc3986('é中😀'), '%C3%A9%E4%B8%AD%F0%9F%98%80');
    assert.throws(() => encodeRfc3986('\ud800'), URIError);
  });

  it('builds the canonical URI and query', () => {
    assert.equal(canonicalUri(''), '/');
    assert.equal(canonicalUri('/'), '/');
    assert.equal(canonicalUri('/v2/a b/pools'), '/v2/a%20b/pools/');
    assert.equal(canonicalUri('/v2/x/'), '/v2/x/');
    const q: QueryParams = { b: '2', a: '', c: undefined, d: ['z', 'y'], 'sp ace': 'x y' };
    assert.equal(canonicalQueryString(q), 'a=&b=2&d=y&d=z&sp%20ace=x%20y');
    assert.equal(canonicalQueryString(undefined), '');
  });

  it('sends exactly the URL it signs', () => {
    const url = buildRequestUrl('https://h:8443/', '/v2/p q/pools', { status: 'created', labelSelector: 'a in (x, y)' });
    assert.equal(url, 'https://h:8443/v2/p%20q/pools?labelSelector=a%20in%20%28x%2C%20y%29&status=created');
    // A WHATWG URL parser keeps it byte for byte.
    assert.equal(new URL(url).href, url);
  });

  it('formats and parses X-Sdk-Date', () => {
    assert.equal(formatSdkDate(new Date(Date.UTC(2024, 0, 1))), '20240101T000000Z');
    assert.equal(parseSdkDate('20240101T000000Z')?.getTime(), Date.UTC(2024, 0, 1));
    assert.equal(parseSdkDate('20241301T000000Z'), undefined);
    assert.equal(parseSdkDate('2024-01-01T00:00:00Z'), undefined);
    assert.equal(parseSdkDate(''), undefined);
  });

  it('parses an Authorization header back', () => {
    const parsed = parseAuthorization('SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=ABCDEF01');
    assert.deepEqual(parsed, { accessKey: 'AK1', signedHeaders: ['host', 'x-sdk-date'], signature: 'abcdef01' });
    assert.equal(parseAuthorization('Bearer xyz'), undefined);
    assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host'), undefined);
  });
});
