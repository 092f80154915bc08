import * as l10n from '@vscode/l10n';
/**
 * Credentials from the places the official Huawei Cloud SDKs read them, in
 * their order: environment variables, then the credentials file. (VS Code
 * SecretStorage, which comes first, is handled by the extension, not here.)
 *
 * - Environment: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
 *   HUAWEICLOUD_SDK_SECURITY_TOKEN, HUAWEICLOUD_SDK_PROJECT_ID.
 * - File: ~/.huaweicloud/credentials, or the path in
 *   HUAWEICLOUD_SDK_CREDENTIALS_FILE; INI with a `[basic]` section holding
 *   `ak`, `sk` and optionally `security_token`, `project_id`, `iam_endpoint`.
 *
 * Problems (a half-set pair, an unreadable file, a key with a line break in
 * it) are reported by name, never with a secret in the text.
 *
 * The file is read only when it is a regular file of at most
 * MAX_CREDENTIALS_FILE_BYTES (a FIFO or device could block the read forever
 * or never end). When it has more than one `[basic]` section it is refused
 * with a problem that says so: keys are never taken from two sections, and
 * which one was meant cannot be known.
 */
import { constants as fsConstants, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export const ENV_AK = 'HUAWEICLOUD_SDK_AK';
export const ENV_SK = 'HUAWEICLOUD_SDK_SK';
export const ENV_SECURITY_TOKEN = 'HUAWEICLOUD_SDK_SECURITY_TOKEN';
export const ENV_PROJECT_ID = 'HUAWEICLOUD_SDK_PROJECT_ID';
export const ENV_CREDENTIALS_FILE = 'HUAWEICLOUD_SDK_CREDENTIALS_FILE';
export const ENV_IAM_ENDPOINT = 'HUAWEICLOUD_SDK_IAM_ENDPOINT';

export type CredentialSource = 'secretStorage' | 'environment' | 'file';

export interface Credentials {
  accessKey: string;
  secretKey: string;
  /** Temporary credentials only. */
  securityToken?: string;
}

export interface ResolvedCredentials extends Credentials {
  source: CredentialSource;
  /** For display: "environment variables" or the file path. Never a secret. */
  sourceDetail: string;
  /** Project ID found next to the keys (HUAWEICLOUD_SDK_PROJECT_ID or `project_id`). */
  projectId?: string;
  /** IAM endpoint found next to the keys (HUAWEICLOUD_SDK_IAM_ENDPOINT or `iam_endpoint`). */
  iamEndpoint?: string;
}

export interface CredentialsLookup {
  /** The first complete set found, if any. */
  credentials?: ResolvedCredentials;
  /** Why a source was skipped (half-set pairs, unreadable file, ...). */
  problems: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** Largest credentials file read. Real ones are well under 1 KiB. */
export const MAX_CREDENTIALS_FILE_BYTES = 64 * 1024;

/** What a character that may not be in a key is, for a message (never the key itself). */
function describeControl(code: number): string {
  if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029 || code === 0x85) return l10n.t('a line break');
  if (code === 9) return l10n.t('a tab');
  return l10n.t('a control character (U+{0})', code.toString(16).toUpperCase().padStart(4, '0'));
}

/**
 * The problem with one credential value, naming it by `what` (e.g. "The
 * secret access key", "HUAWEICLOUD_SDK_SK"): undefined when it is fine.
 * Control characters (C0, DEL, C1, line and paragraph separators) are
 * refused: a wrapped environment variable or a pasted line break would end
 * up inside a header or a signature. The message never holds the value.
 */
export function credentialValueProblem(what: string, value: string | undefined, consequence = l10n.t('remove it and try again')): string | undefined {
  if (value === undefined) return undefined;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 32 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      return l10n.t('{0} contains {1}; {2}.', what, describeControl(code), consequence);
    }
  }
  return undefined;
}

/**
 * The validation message of a box where a key or token is typed or pasted
 * (`what`: its name, e.g. "Secret Access Key (SK)"): required unless
 * `optional`, and without control characters once trimmed (a pasted line
 * break inside would end up in a header or a signature). Never echoes the
 * value. Undefined when it is fine.
 */
export function typedCredentialProblem(what: string, value: string, optional = false): string | undefined {
  const v = value.trim();
  if (!v) return optional ? undefined : l10n.t('{0} is required.', what);
  return credentialValueProblem(what, v, l10n.t('type or paste it again without it'));
}

/** Names for the three values in messages. */
export interface CredentialNames {
  accessKey: string;
  secretKey: string;
  securityToken: string;
}

/** The three values named in words, in the display language. */
function plainNames(): CredentialNames {
  return { accessKey: l10n.t('The access key ID'), secretKey: l10n.t('The secret access key'), securityToken: l10n.t('The security token') };
}

/**
 * The first problem with a set of credentials (control characters in the
 * AK, SK or security token), or undefined. Never echoes a value.
 */
export function credentialsProblem(
  credentials: Partial<Credentials>,
  names: CredentialNames = plainNames(),
  consequence = l10n.t('remove it and try again'),
): string | undefined {
  return (
    credentialValueProblem(names.accessKey, credentials.accessKey, consequence) ??
    credentialValueProblem(names.secretKey, credentials.secretKey, consequence) ??
    credentialValueProblem(names.securityToken, credentials.securityToken, consequence)
  );
}

/** Credentials from the SDK environment variables; undefined when none is set. */
export function credentialsFromEnv(env: Env = process.env): CredentialsLookup {
  const ak = clean(env[ENV_AK]);
  const sk = clean(env[ENV_SK]);
  if (!ak && !sk) return { problems: [] };
  if (!ak || !sk) {
    const missing = ak ? ENV_SK : ENV_AK;
    const present = ak ? ENV_AK : ENV_SK;
    return { problems: [l10n.t('{0} is set but {1} is not; environment credentials ignored.', present, missing)] };
  }
  const securityToken = clean(env[ENV_SECURITY_TOKEN]);
  const problem = credentialsProblem(
    { accessKey: ak, secretKey: sk, securityToken },
    { accessKey: ENV_AK, secretKey: ENV_SK, securityToken: ENV_SECURITY_TOKEN },
    l10n.t('environment credentials ignored'),
  );
  if (problem) return { problems: [problem] };
  return {
    credentials: {
      accessKey: ak,
      secretKey: sk,
      securityToken,
      projectId: clean(env[ENV_PROJECT_ID]),
      iamEndpoint: clean(env[ENV_IAM_ENDPOINT]),
      source: 'environment',
      sourceDetail: l10n.t('environment variables'),
    },
    problems: [],
  };
}

export interface IniDocument {
  /** Sections by lower-cased name: the first section of each name only. */
  sections: Map<string, Map<string, string>>;
  /** Lower-cased names of sections that appear more than once, with how often. */
  repeated: Map<string, number>;
}

/**
 * Parses an INI text: sections of key/value pairs, names and keys
 * lower-cased, `=` or `:` between key and value, `#` and `;` comments,
 * optional quotes around a value; a repeated key in a section keeps its last
 * value. A repeated section is not merged into the first one: its keys are
 * ignored and its name is listed in `repeated`. Linear in the text: plain
 * character scans, no backtracking pattern.
 */
export function parseIniDocument(text: string): IniDocument {
  const sections = new Map<string, Map<string, string>>();
  const repeated = new Map<string, number>();
  let current: Map<string, string> | undefined;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const rawLine of body.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']') && line.length >= 2 && line.indexOf(']') === line.length - 1) {
      const name = line.slice(1, -1).trim().toLowerCase();
      if (sections.has(name)) {
        repeated.set(name, (repeated.get(name) ?? 1) + 1);
        current = undefined; // never mixed into the first one
      } else {
        current = new Map();
        sections.set(name, current);
      }
      continue;
    }
    let eq = -1;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 61 /* = */ || c === 58 /* : */) {
        eq = i;
        break;
      }
    }
    if (eq <= 0 || !current) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
    current.set(key, value);
  }
  return { sections, repeated };
}

/** Parses an INI text into sections of key/value pairs (keys lower-cased); see parseIniDocument. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  return parseIniDocument(text).sections;
}

/** Where the SDKs look for the credentials file. */
export function credentialsFilePath(env: Env = process.env, homeDir: string = os.homedir()): string {
  return clean(env[ENV_CREDENTIALS_FILE]) ?? path.join(homeDir, '.huaweicloud', 'credentials');
}

/** Credentials from the `[basic]` section of an INI text. */
export function credentialsFromIni(text: string, filePath: string): CredentialsLookup {
  const ini = parseIniDocument(text);
  const basic = ini.sections.get('basic');
  if (!basic) return { problems: [l10n.t('{0} has no [basic] section; credentials file ignored.', filePath)] };
  const copies = ini.repeated.get('basic');
  if (copies !== undefined) {
    return { problems: [l10n.t('{0} has {1} [basic] sections; keep one. Credentials file ignored.', filePath, copies)] };
  }
  const ak = clean(basic.get('ak'));
  const sk = clean(basic.get('sk'));
  if (!ak || !sk) {
    const missing = !ak && !sk ? l10n.t('{0} and {1}', 'ak', 'sk') : !ak ? 'ak' : 'sk';
    return { problems: [l10n.t('{0}: [basic] has no {1}; credentials file ignored.', filePath, missing)] };
  }
  const securityToken = clean(basic.get('security_token'));
  const problem = credentialsProblem(
    { accessKey: ak, secretKey: sk, securityToken },
    { accessKey: `${filePath}: [basic] ak`, secretKey: `${filePath}: [basic] sk`, securityToken: `${filePath}: [basic] security_token` },
    l10n.t('credentials file ignored'),
  );
  if (problem) return { problems: [problem] };
  return {
    credentials: {
      accessKey: ak,
      secretKey: sk,
      securityToken,
      projectId: clean(basic.get('project_id')),
      iamEndpoint: clean(basic.get('iam_endpoint')),
      source: 'file',
      sourceDetail: filePath,
    },
    problems: [],
  };
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return l10n.t('a FIFO (named pipe)');
  if (stat.isSocket()) return l10n.t('a socket');
  if (stat.isCharacterDevice()) return l10n.t('a character device');
  if (stat.isBlockDevice()) return l10n.t('a block device');
  return l10n.t('not a regular file');
}

/**
 * Reads a small regular file: opened without blocking (so a FIFO cannot hang
 * the open), checked with fstat on the open handle (so it cannot be swapped
 * in between), and read only up to `maxBytes`.
 */
async function readSmallRegularFile(filePath: string, maxBytes: number): Promise<{ text: string } | { problem: string } | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(filePath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { problem: l10n.t('Cannot read {0} ({1}); credentials file ignored.', filePath, code ?? 'error') };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return { problem: l10n.t('Cannot read {0} ({1}); credentials file ignored.', filePath, 'EISDIR') };
    if (!stat.isFile()) return { problem: l10n.t('{0} is {1}, not a regular file; credentials file ignored.', filePath, kindOf(stat)) };
    if (stat.size > maxBytes) {
      return { problem: l10n.t('{0} is larger than {1} KiB, too large for a credentials file; credentials file ignored.', filePath, Math.round(maxBytes / 1024)) };
    }
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) {
      return { problem: l10n.t('{0} is larger than {1} KiB, too large for a credentials file; credentials file ignored.', filePath, Math.round(maxBytes / 1024)) };
    }
    return { text: buffer.toString('utf8', 0, length) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { problem: l10n.t('Cannot read {0} ({1}); credentials file ignored.', filePath, code ?? 'error') };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Credentials from the credentials file; no problem reported when the file
 * does not exist. Only a regular file of at most MAX_CREDENTIALS_FILE_BYTES
 * is read.
 */
export async function credentialsFromFile(filePath: string, maxBytes = MAX_CREDENTIALS_FILE_BYTES): Promise<CredentialsLookup> {
  const read = await readSmallRegularFile(filePath, maxBytes);
  if (read === undefined) return { problems: [] };
  if ('problem' in read) return { problems: [read.problem] };
  return credentialsFromIni(read.text, filePath);
}

export interface PlainLookupOptions {
  env?: Env;
  homeDir?: string;
}

/** Environment first, then the credentials file: the first complete set wins. */
export async function findPlainCredentials(options: PlainLookupOptions = {}): Promise<CredentialsLookup> {
  const env = options.env ?? process.env;
  const fromEnv = credentialsFromEnv(env);
  if (fromEnv.credentials) return fromEnv;
  const fromFile = await credentialsFromFile(credentialsFilePath(env, options.homeDir));
  return { credentials: fromFile.credentials, problems: [...fromEnv.problems, ...fromFile.problems] };
}
