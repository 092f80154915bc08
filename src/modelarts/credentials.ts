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
 * Problems (a half-set pair, an unreadable file) are reported by name, never
 * with a secret in the text.
 */
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

/** Credentials from the SDK environment variables; undefined when none is set. */
export function credentialsFromEnv(env: Env = process.env): CredentialsLookup {
  const ak = clean(env[ENV_AK]);
  const sk = clean(env[ENV_SK]);
  if (!ak && !sk) return { problems: [] };
  if (!ak || !sk) {
    const missing = ak ? ENV_SK : ENV_AK;
    const present = ak ? ENV_AK : ENV_SK;
    return { problems: [`${present} is set but ${missing} is not; environment credentials ignored.`] };
  }
  return {
    credentials: {
      accessKey: ak,
      secretKey: sk,
      securityToken: clean(env[ENV_SECURITY_TOKEN]),
      projectId: clean(env[ENV_PROJECT_ID]),
      iamEndpoint: clean(env[ENV_IAM_ENDPOINT]),
      source: 'environment',
      sourceDetail: 'environment variables',
    },
    problems: [],
  };
}

/** Parses an INI text into sections of key/value pairs (keys lower-cased). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
    if (header) {
      const name = header[1].toLowerCase();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0 || !current) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
    current.set(key, value);
  }
  return sections;
}

/** Where the SDKs look for the credentials file. */
export function credentialsFilePath(env: Env = process.env, homeDir: string = os.homedir()): string {
  return clean(env[ENV_CREDENTIALS_FILE]) ?? path.join(homeDir, '.huaweicloud', 'credentials');
}

/** Credentials from the `[basic]` section of an INI text. */
export function credentialsFromIni(text: string, filePath: string): CredentialsLookup {
  const basic = parseIni(text).get('basic');
  if (!basic) return { problems: [`${filePath} has no [basic] section; credentials file ignored.`] };
  const ak = clean(basic.get('ak'));
  const sk = clean(basic.get('sk'));
  if (!ak || !sk) {
    const missing = [!ak ? 'ak' : '', !sk ? 'sk' : ''].filter(Boolean).join(' and ');
    return { problems: [`${filePath}: [basic] has no ${missing}; credentials file ignored.`] };
  }
  return {
    credentials: {
      accessKey: ak,
      secretKey: sk,
      securityToken: clean(basic.get('security_token')),
      projectId: clean(basic.get('project_id')),
      iamEndpoint: clean(basic.get('iam_endpoint')),
      source: 'file',
      sourceDetail: filePath,
    },
    problems: [],
  };
}

/** Credentials from the credentials file; no problem reported when the file does not exist. */
export async function credentialsFromFile(filePath: string): Promise<CredentialsLookup> {
  let text: string;
  try {
    text = await fs.readFile(filePath, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problems: [] };
    return { problems: [`Cannot read ${filePath} (${code ?? 'error'}); credentials file ignored.`] };
  }
  return credentialsFromIni(text, filePath);
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
