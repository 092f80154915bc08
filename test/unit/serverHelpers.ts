/** Raw signed requests to the local ModelArts server, for the server and client tests. */
import * as http from 'node:http';
import { buildRequestUrl, signRequest, type QueryParams } from '../../src/modelarts/signer';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface RawRequestOptions {
  method?: string;
  query?: QueryParams;
  accessKey: string;
  secretKey: string;
  securityToken?: string;
  date?: Date;
  headers?: Record<string, string>;
  /** Changes the signed headers before sending (to tamper with them). */
  tamper?: (headers: Record<string, string>) => void;
  /** Send this URL path+query instead of the one signed. */
  overrideTarget?: string;
}

/** Sends one request with node:http, signed with our signer, and reads the whole answer. */
export function rawRequest(baseUrl: string, path: string, options: RawRequestOptions): Promise<RawResponse> {
  const base = new URL(baseUrl);
  const signed = signRequest(
    { method: options.method ?? 'GET', host: base.host, path, query: options.query, headers: { 'content-type': 'application/json', ...(options.headers ?? {}) } },
    { accessKey: options.accessKey, secretKey: options.secretKey, securityToken: options.securityToken },
    options.date ?? new Date(),
  );
  const headers = { ...signed.headers };
  options.tamper?.(headers);
  const target = options.overrideTarget ?? buildRequestUrl('', path, options.query);
  return sendRaw(baseUrl, target, options.method ?? 'GET', headers);
}

/** Sends a request with exactly these headers. */
export function sendRaw(baseUrl: string, target: string, method: string, headers: Record<string, string>): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, method, path: target, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

