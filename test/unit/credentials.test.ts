import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  credentialsFilePath,
  credentialsFromEnv,
  credentialsFromFile,
  credentialsFromIni,
  findPlainCredentials,
  parseIni,
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
