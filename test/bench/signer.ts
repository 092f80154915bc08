/**
 * Cost of signing one ListPools request: our node:crypto signer against the
 * official SDK's AKSKSigner.sign, side by side in this process, on the same
 * requests (all four query parameters, X-Project-Id, a security token).
 */
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { signRequest } from '../../src/modelarts/signer';
import { compare, ratioLine } from './measure';

const BATCH = 2000;
const HOST = 'modelarts.cn-north-4.myhuaweicloud.com';
const PROJECT = '0123456789abcdef0123456789abcdef';
const AK = 'HPUAXXXXXXXXXXXXXXXX';
const SK = 'skskskskskskskskskskskskskskskskskskskss';
const TOKEN = 'gQpjbi1ub3J0aC00' + 'x'.repeat(400);

interface Sample {
  query: Record<string, string>;
  headers: Record<string, string>;
}

function samples(): Sample[] {
  const selectors = ['os.modelarts/name=my pool', 'os.modelarts/sharing in (shared, unshared)', '!os.modelarts/create-from', 'env=dev,team!=b'];
  const statuses = ['created', 'failed', 'creating'];
  const out: Sample[] = [];
  for (let i = 0; i < BATCH; i++) {
    const date = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    out.push({
      query: { workspaceId: String(i % 3), labelSelector: selectors[i % selectors.length], status: statuses[i % statuses.length], parent: `pool-${i}` },
      headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT, 'X-Sdk-Date': date, 'X-Security-Token': TOKEN },
    });
  }
  return out;
}

export async function benchSigner(): Promise<string[]> {
  const batch = samples();
  const path = `/v2/${PROJECT}/pools`;
  const credentials = new BasicCredentials().withAk(AK).withSk(SK);
  const ours = { accessKey: AK, secretKey: SK, securityToken: TOKEN };
  // Both must produce the same Authorization before their speed means anything.
  for (const s of batch.slice(0, 50)) {
    const a = signRequest({ method: 'GET', host: HOST, path, query: s.query, headers: s.headers }, ours).authorization;
    const b = (AKSKSigner.sign({ method: 'GET', endpoint: `https://${HOST}${path}`, queryParams: s.query, headers: s.headers }, credentials) as Record<string, string>).Authorization;
    if (a !== b) throw new Error(`signer bench: signatures differ for ${JSON.stringify(s.query)}`);
  }
  let sink = 0;
  const r = compare(
    () => {
      for (const s of batch) sink += signRequest({ method: 'GET', host: HOST, path, query: s.query, headers: s.headers }, ours).signature.length;
    },
    () => {
      for (const s of batch) {
        sink += (AKSKSigner.sign({ method: 'GET', endpoint: `https://${HOST}${path}`, queryParams: s.query, headers: s.headers }, credentials) as Record<string, string>).Authorization.length;
      }
    },
    9,
    3,
  );
  if (sink === 0) throw new Error('unreachable');
  const perOurs = (r.candidateMs * 1000) / BATCH;
  const perSdk = (r.baselineMs * 1000) / BATCH;
  return [
    ratioLine(`sign one ListPools request (×${BATCH})`, r, 'official AKSKSigner.sign', 0.5),
    `  per request: ${perOurs.toFixed(1)} µs vs ${perSdk.toFixed(1)} µs`,
  ];
}
