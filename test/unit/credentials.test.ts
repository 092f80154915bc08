import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  MAX_CREDENTIALS_FILE_BYTES,
  credentialValueProblem,
  credentialsFilePath,
  credentialsFromEnv,
  credentialsFromFile,
  credentialsFromIni,
  credentialsProblem,
  findPlainCredentials,
  parseIni,
  parseIniDocument,
  typedCredentialProblem,
} from '../../src/modelarts/credentials';

const AK = 'ENVAKSECRET000000000';
const SK = 'envSkSecretenvSkSecretenvSkSecretenvSkSe';

describe('credentials (environment and file)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-creds-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  describe('environment', () => {
    it('reads the SDK variables', () => {
      const found = credentialsFromEnv({
        HUAWEICLOUD_SDK_AK: AK,
        HUAWEICLOUD_SDK_SK: ` ${SK} `,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: 'tok',
        HUAWEICLOUD_SDK_PROJECT_ID: 'p1',
        HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.example',
      });
      assert.deepEqual(found, {
        credentials: {
          accessKey: AK,
          secretKey: SK,
          securityToken: 'tok',
          projectId: 'p1',
          iamEndpoint: 'https://iam.example',
          source: 'environment',
          sourceDetail: 'environment variables',
        },
        problems: [],
      });
    });

    it('finds nothing, quietly, when unset or blank', () => {
      assert.deepEqual(credentialsFromEnv({}), { problems: [] });
      assert.deepEqual(credentialsFromEnv({ HUAWEICLOUD_SDK_AK: ' ', HUAWEICLOUD_SDK_SK: '' }), { problems: [] });
    });

    it('names a half-set pair without showing it', () => {
      const onlyAk = credentialsFromEnv({ HUAWEICLOUD_SDK_AK: AK });
      assert.equal(onlyAk.credentials, undefined);
      assert.deepEqual(onlyAk.problems, ['HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not; environment credentials ignored.']);
      const onlySk = credentialsFromEnv({ HUAWEICLOUD_SDK_SK: SK });
      assert.deepEqual(onlySk.problems, ['HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not; environment credentials ignored.']);
      assert.ok(!JSON.stringify([onlyAk, onlySk]).includes(AK));
      assert.ok(!JSON.stringify([onlyAk, onlySk]).includes(SK));
    });
  });

  describe('INI', () => {
    it('parses sections, comments, quotes, CRLF and a BOM', () => {
      const ini = parseIni('\uFEFF# comment\r\n[Basic]\r\nak = A1\r\n; other comment\r\nsk: "S 1"\r\n\r\n[global]\r\nak=G\r\nno equals sign\r\n');
      assert.deepEqual([...ini.keys()], ['basic', 'global']);
      assert.equal(ini.get('basic')?.get('ak'), 'A1');
      assert.equal(ini.get('basic')?.get('sk'), 'S 1');
      assert.equal(ini.get('global')?.get('ak'), 'G');
    });

    it('ignores keys before any section', () => {
      assert.equal(parseIni('ak=1\n[basic]\nsk=2').get('basic')?.get('ak'), undefined);
    });

    it('reads [basic] with ak, sk, security_token, project_id and iam_endpoint', () => {
      const found = credentialsFromIni(
        '[global]\nak=GLOBAL\nsk=GLOBALSK\n[basic]\nak = FILEAK\nsk = FILESK\nsecurity_token = FILETOKEN\nproject_id = fp\niam_endpoint = https://iam.x\n',
        '/x/credentials',
      );
      assert.deepEqual(found.credentials, {
        accessKey: 'FILEAK',
        secretKey: 'FILESK',
        securityToken: 'FILETOKEN',
        projectId: 'fp',
        iamEndpoint: 'https://iam.x',
        source: 'file',
        sourceDetail: '/x/credentials',
      });
    });

    it('names what is missing, never the values', () => {
      assert.deepEqual(credentialsFromIni('[basic]\nak=SECRETAK1234\n', '/c').problems, ['/c: [basic] has no sk; credentials file ignored.']);
      assert.deepEqual(credentialsFromIni('[basic]\n', '/c').problems, ['/c: [basic] has no ak and sk; credentials file ignored.']);
      assert.deepEqual(credentialsFromIni('[global]\nak=a\nsk=b\n', '/c').problems, ['/c has no [basic] section; credentials file ignored.']);
      assert.deepEqual(credentialsFromIni('not ini at all \u0000', '/c').problems, ['/c has no [basic] section; credentials file ignored.']);
    });
  });

  describe('file', () => {
    it('is ~/.huaweicloud/credentials unless HUAWEICLOUD_SDK_CREDENTIALS_FILE says otherwise', () => {
      assert.equal(credentialsFilePath({}, '/home/u'), path.join('/home/u', '.huaweicloud', 'credentials'));
      assert.equal(credentialsFilePath({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: '/etc/hc' }, '/home/u'), '/etc/hc');
      assert.equal(credentialsFilePath({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: '  ' }, '/home/u'), path.join('/home/u', '.huaweicloud', 'credentials'));
    });

    it('reads a real file', async () => {
      const file = write('a/credentials', '[basic]\nak=FILEAK\nsk=FILESK\n');
      const found = await credentialsFromFile(file);
      assert.equal(found.credentials?.accessKey, 'FILEAK');
      assert.equal(found.credentials?.sourceDetail, file);
    });

    it('is quiet about a missing file and clear about an unreadable one', async () => {
      assert.deepEqual(await credentialsFromFile(path.join(dir, 'none', 'credentials')), { problems: [] });
      const unreadable = await credentialsFromFile(dir); // a directory
      assert.equal(unreadable.credentials, undefined);
      assert.deepEqual(unreadable.problems, [`Cannot read ${dir} (EISDIR); credentials file ignored.`]);
    });
  });

  describe('lookup order', () => {
    it('prefers the environment to the file', async () => {
      const home = path.join(dir, 'home1');
      write('home1/.huaweicloud/credentials', '[basic]\nak=FILEAK\nsk=FILESK\n');
      const found = await findPlainCredentials({ env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK }, homeDir: home });
      assert.equal(found.credentials?.source, 'environment');
      assert.equal(found.credentials?.accessKey, AK);
    });

    it('falls back to the file, keeping the environment problem', async () => {
      const home = path.join(dir, 'home2');
      const file = write('home2/.huaweicloud/credentials', '[basic]\nak=FILEAK\nsk=FILESK\nproject_id=fp\n');
      const found = await findPlainCredentials({ env: { HUAWEICLOUD_SDK_AK: AK }, homeDir: home });
      assert.equal(found.credentials?.source, 'file');
      assert.equal(found.credentials?.sourceDetail, file);
      assert.equal(found.credentials?.projectId, 'fp');
      assert.equal(found.problems.length, 1);
      assert.match(found.problems[0], /HUAWEICLOUD_SDK_SK is not/);
    });

    it('follows HUAWEICLOUD_SDK_CREDENTIALS_FILE', async () => {
      const file = write('elsewhere.ini', '[basic]\nak=OTHERAK\nsk=OTHERSK\n');
      const found = await findPlainCredentials({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file }, homeDir: path.join(dir, 'nohome') });
      assert.equal(found.credentials?.accessKey, 'OTHERAK');
    });

    it('finds nothing when there is nothing', async () => {
      assert.deepEqual(await findPlainCredentials({ env: {}, homeDir: path.join(dir, 'empty-home') }), { credentials: undefined, problems: [] });
    });
  });
});

describe('credentials: untrusted files and values', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-creds-hard-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('INI parser', () => {
    it('reads section headers in one pass, whatever the line length', () => {
      // A long header line used to take minutes (a backtracking pattern); these are plain scans now.
      const long = 'x'.repeat(200_000);
      const ini = parseIni(`[${long}\n[  ${long}  ]\n${long}=1\n[basic]\nak=A\n[ ${' '.repeat(200_000)}]\nk=v\n`);
      assert.equal(ini.get(long)?.get(long), '1', 'the long section, trimmed, with its long key');
      assert.equal(ini.get('basic')?.get('ak'), 'A');
      assert.equal(ini.get('')?.get('k'), 'v', 'a blank name is the empty section');
      assert.equal(ini.size, 3, 'the unclosed "[" line is not a section');
    });

    it('keeps the first of repeated sections and never merges a later one into it', () => {
      const doc = parseIniDocument('[basic]\nak=FIRSTAK\n[other]\nx=1\n[BASIC]\nak=SECONDAK\nsk=SECONDSK\n[basic]\nsk=THIRD\n');
      assert.deepEqual([...(doc.sections.get('basic') ?? new Map())], [['ak', 'FIRSTAK']]);
      assert.deepEqual([...doc.repeated], [['basic', 3]]);
      assert.equal(parseIni('[a]\nk=1\n[a]\nk=2\nj=3').get('a')?.get('k'), '1');
    });
  });

  describe('repeated [basic] sections', () => {
    it('refuses the file, with a problem that says so and no key', () => {
      for (const text of [
        '[basic]\nak=FILEAK1\n[basic]\nsk=FILESK2\n',
        '[basic]\nak=FILEAK1\nsk=FILESK1\n[basic]\nak=FILEAK2\nsk=FILESK2\n',
        '[basic]\n[global]\nak=G\n[Basic]\nak=FILEAK2\nsk=FILESK2\n',
      ]) {
        const found = credentialsFromIni(text, '/c');
        assert.equal(found.credentials, undefined, text);
        assert.equal(found.problems.length, 1);
        assert.match(found.problems[0], /^\/c has [23] \[basic\] sections; keep one\. Credentials file ignored\.$/);
        assert.ok(!/FILE(AK|SK)/.test(found.problems[0]));
      }
    });
  });

  describe('control characters in keys', () => {
    it('the validator refuses them without echoing the value', () => {
      const secret = 'tokPART1\ntokPART2';
      const message = credentialValueProblem('The security token', secret);
      assert.equal(message, 'The security token contains a line break; remove it and try again.');
      assert.equal(credentialValueProblem('The secret access key', 'sk\u0000sk'), 'The secret access key contains a control character (U+0000); remove it and try again.');
      assert.equal(credentialValueProblem('X', 'a\tb'), 'X contains a tab; remove it and try again.');
      for (const bad of ['a\rb', 'a\u2028b', 'a\u2029b', 'a\u0085b', 'a\u007fb', 'a\u009bb', 'a\u001bb']) {
        assert.ok(credentialValueProblem('X', bad), JSON.stringify(bad));
      }
      for (const good of ['HPUAXXXXXXXXXXXX', 'gQpjbi1ub3J0aC00+/=', 'sk with spaces', 'ünïcødé', undefined]) {
        assert.equal(credentialValueProblem('X', good), undefined, JSON.stringify(good));
      }
      assert.equal(credentialsProblem({ accessKey: 'AK', secretKey: 'S\nK' }), 'The secret access key contains a line break; remove it and try again.');
      assert.equal(credentialsProblem({ accessKey: 'AK', secretKey: 'SK', securityToken: 'T' }), undefined);
    });

    it('the Configure Credentials input boxes refuse them, saying what and never the value', () => {
      const typed = ['SKpart1\nSKpart2', 'SKpart1\rSKpart2', 'SK\u0000SK', 'SK\tSK', 'SK\u2028SK', 'SK\u001b[31mSK', 'SK\u0085SK'];
      for (const value of typed) {
        const message = typedCredentialProblem('Secret Access Key (SK)', value);
        assert.match(message ?? '', /^Secret Access Key \(SK\) contains (a line break|a tab|a control character \(U\+[0-9A-F]{4}\)); type or paste it again without it\.$/, JSON.stringify(value));
        assert.ok(!message!.includes('SKpart'), 'no part of the value');
        assert.ok(!/SK[^ )]/.test(message!.replace('Secret Access Key (SK)', '')), `no part of the value in ${JSON.stringify(message)}`);
      }
      assert.equal(typedCredentialProblem('Access Key ID (AK)', ''), 'Access Key ID (AK) is required.');
      assert.equal(typedCredentialProblem('Access Key ID (AK)', '  \n '), 'Access Key ID (AK) is required.');
      assert.equal(typedCredentialProblem('Security Token', '', true), undefined, 'an optional box may stay empty');
      assert.match(typedCredentialProblem('Security Token', 'tok\ntok', true) ?? '', /^Security Token contains a line break/);
      assert.equal(typedCredentialProblem('Access Key ID (AK)', '  HPUAXXXXXXXXXXXX\n'), undefined, 'a paste with a line break at an end is trimmed, as saved');
    });

    it('environment credentials with one are ignored, named, never shown', () => {
      const token = 'tokSECRETwrapped\ntokSECRETsecondline';
      const found = credentialsFromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_SECURITY_TOKEN: token });
      assert.equal(found.credentials, undefined);
      assert.deepEqual(found.problems, ['HUAWEICLOUD_SDK_SECURITY_TOKEN contains a line break; environment credentials ignored.']);
      const ak = credentialsFromEnv({ HUAWEICLOUD_SDK_AK: 'AK\u0007AK', HUAWEICLOUD_SDK_SK: SK });
      assert.deepEqual(ak.problems, ['HUAWEICLOUD_SDK_AK contains a control character (U+0007); environment credentials ignored.']);
      assert.ok(!JSON.stringify([found, ak]).includes('tokSECRET'));
      assert.ok(!JSON.stringify([found, ak]).includes(SK));
      // A line break at either end is only whitespace and is trimmed, as before.
      assert.equal(credentialsFromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: `${SK}\n` }).credentials?.secretKey, SK);
    });

    it('file credentials with one are ignored, named, never shown', () => {
      const found = credentialsFromIni('[basic]\nak=FILEAK\nsk=FILE\u0001SECRET\n', '/c');
      assert.equal(found.credentials, undefined);
      assert.deepEqual(found.problems, ['/c: [basic] sk contains a control character (U+0001); credentials file ignored.']);
      const token = credentialsFromIni('[basic]\nak=FILEAK\nsk=FILESK\nsecurity_token=TOK\u2028SECRET\n', '/c');
      assert.deepEqual(token.problems, ['/c: [basic] security_token contains a line break; credentials file ignored.']);
      assert.ok(!JSON.stringify([found, token]).includes('SECRET'));
    });

    it('a bad environment falls back to the file, keeping the problem', async () => {
      const home = path.join(dir, 'home-fallback');
      fs.mkdirSync(path.join(home, '.huaweicloud'), { recursive: true });
      fs.writeFileSync(path.join(home, '.huaweicloud', 'credentials'), '[basic]\nak=FILEAK\nsk=FILESK\n');
      const found = await findPlainCredentials({ env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: `a\nb` }, homeDir: home });
      assert.equal(found.credentials?.accessKey, 'FILEAK');
      assert.deepEqual(found.problems, ['HUAWEICLOUD_SDK_SK contains a line break; environment credentials ignored.']);
    });
  });

  describe('what is read as the credentials file', () => {
    it('a FIFO is reported, never read (it would block forever)', async function () {
      if (process.platform === 'win32') this.skip();
      const fifo = path.join(dir, 'fifo-credentials');
      execFileSync('mkfifo', [fifo]);
      const found = await credentialsFromFile(fifo);
      assert.deepEqual(found, { problems: [`${fifo} is a FIFO (named pipe), not a regular file; credentials file ignored.`] });
      const viaEnv = await findPlainCredentials({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: fifo }, homeDir: dir });
      assert.equal(viaEnv.credentials, undefined);
      assert.equal(viaEnv.problems.length, 1);
    });

    it('a device is reported, never read (it may never end)', async function () {
      if (process.platform === 'win32' || !fs.existsSync('/dev/zero')) this.skip();
      assert.deepEqual(await credentialsFromFile('/dev/zero'), {
        problems: ['/dev/zero is a character device, not a regular file; credentials file ignored.'],
      });
    });

    it('a file larger than the limit is reported, not parsed', async () => {
      const big = path.join(dir, 'big-credentials');
      fs.writeFileSync(big, '[basic]\nak=FILEAK\nsk=FILESK\n' + '#'.repeat(MAX_CREDENTIALS_FILE_BYTES));
      assert.deepEqual(await credentialsFromFile(big), {
        problems: [`${big} is larger than 64 KiB, too large for a credentials file; credentials file ignored.`],
      });
      const small = path.join(dir, 'small-credentials');
      fs.writeFileSync(small, '[basic]\nak=FILEAK\nsk=FILESK\n');
      assert.equal((await credentialsFromFile(small, 100)).credentials?.accessKey, 'FILEAK');
      assert.match((await credentialsFromFile(small, 10)).problems[0] ?? '', /too large for a credentials file/);
    });

    it('a symbolic link to a regular file is read', async function () {
      if (process.platform === 'win32') this.skip();
      const real = path.join(dir, 'real-credentials');
      fs.writeFileSync(real, '[basic]\nak=LINKAK\nsk=LINKSK\n');
      const link = path.join(dir, 'link-credentials');
      fs.symlinkSync(real, link);
      assert.equal((await credentialsFromFile(link)).credentials?.accessKey, 'LINKAK');
    });
  });
});
