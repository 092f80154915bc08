import * as assert from 'node:assert/strict';
import {
  DEFAULT_REGION,
  KNOWN_REGIONS,
  iamEndpointFor,
  isLoopbackHost,
  isRegionId,
  modelArtsEndpointFor,
  normalizeEndpoint,
  resolveEndpoints,
} from '../../src/modelarts/endpoints';
import { STATUS_PARAM_PHASES, isListPoolsStatusParam, phaseMatchesStatusParam, statusParamForPhase } from '../../src/modelarts/statusParam';
import { LIST_POOLS_STATUS_PARAMS, POOL_PHASES } from '../../src/modelarts/types';

describe('regions and endpoints', () => {
  it('knows the common regions, default first, each once', () => {
    const ids = KNOWN_REGIONS.map((r) => r.id);
    assert.equal(ids[0], DEFAULT_REGION);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ['cn-north-4', 'cn-north-9', 'cn-east-3', 'cn-south-1', 'cn-southwest-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'af-south-1', 'la-south-2', 'tr-west-1', 'me-east-1', 'eu-west-101']) {
      assert.ok(ids.includes(id), id);
    }
    for (const r of KNOWN_REGIONS) {
      assert.ok(isRegionId(r.id), r.id);
      assert.ok(r.name.length > 0);
      assert.match(r.endpoint, new RegExp(`^https://modelarts\\.${r.id}\\.myhuaweicloud\\.(com|cn|eu)$`));
      assert.match(r.iamEndpoint, new RegExp(`^https://iam\\.${r.id}\\.myhuaweicloud\\.(com|eu)$`));
    }
  });

  it('builds endpoints for known and unknown regions', () => {
    assert.equal(modelArtsEndpointFor('cn-north-4'), 'https://modelarts.cn-north-4.myhuaweicloud.com');
    assert.equal(iamEndpointFor('cn-north-4'), 'https://iam.cn-north-4.myhuaweicloud.com');
    assert.equal(modelArtsEndpointFor('ap-southeast-1'), 'https://modelarts.ap-southeast-1.myhuaweicloud.cn');
    assert.equal(iamEndpointFor('eu-west-101'), 'https://iam.eu-west-101.myhuaweicloud.eu');
    assert.equal(modelArtsEndpointFor('xx-new-7'), 'https://modelarts.xx-new-7.myhuaweicloud.com');
    assert.equal(iamEndpointFor('xx-new-7'), 'https://iam.xx-new-7.myhuaweicloud.com');
  });

  it('normalises endpoint settings', () => {
    assert.deepEqual(normalizeEndpoint('https://modelarts.eu-de.otc.t-systems.com/'), { ok: true, url: 'https://modelarts.eu-de.otc.t-systems.com' });
    assert.deepEqual(normalizeEndpoint(' modelarts.example.com '), { ok: true, url: 'https://modelarts.example.com' });
    assert.deepEqual(normalizeEndpoint('http://127.0.0.1:8080'), { ok: true, url: 'http://127.0.0.1:8080' });
    assert.deepEqual(normalizeEndpoint('https://gw.example/modelarts/'), { ok: true, url: 'https://gw.example/modelarts' });
    assert.deepEqual(normalizeEndpoint('HTTPS://Host.Example:443'), { ok: true, url: 'https://host.example' });
    for (const bad of ['', '   ', 'ftp://x', 'https://', 'https://u:p@host', 'https://host/?a=1', 'https://host/#x', 'http://[bad']) {
      const r = normalizeEndpoint(bad, 'ModelArts endpoint');
      assert.equal(r.ok, false, bad);
      assert.match(r.ok ? '' : r.message, /^ModelArts endpoint /, bad);
    }
  });

  it('resolves endpoints from the region, overridden by settings', () => {
    assert.deepEqual(resolveEndpoints({}), {
      ok: true,
      region: 'cn-north-4',
      endpoint: 'https://modelarts.cn-north-4.myhuaweicloud.com',
      iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com',
    });
    assert.deepEqual(resolveEndpoints({ region: 'eu-de', endpoint: 'https://modelarts.eu-de.otc.t-systems.com', iamEndpoint: 'https://iam.eu-de.otc.t-systems.com/v3/' }), {
      ok: true,
      region: 'eu-de',
      endpoint: 'https://modelarts.eu-de.otc.t-systems.com',
      iamEndpoint: 'https://iam.eu-de.otc.t-systems.com/v3',
    });
    assert.deepEqual(resolveEndpoints({ region: ' ap-southeast-3 ', endpoint: '  ', iamEndpoint: '' }), {
      ok: true,
      region: 'ap-southeast-3',
      endpoint: 'https://modelarts.ap-southeast-3.myhuaweicloud.com',
      iamEndpoint: 'https://iam.ap-southeast-3.myhuaweicloud.com',
    });
    const badRegion = resolveEndpoints({ region: 'Beijing 4' });
    assert.equal(badRegion.ok, false);
    assert.match(badRegion.ok ? '' : badRegion.message, /Region "Beijing 4" is not a region ID/);
    const badIam = resolveEndpoints({ iamEndpoint: 'ftp://iam' });
    assert.match(badIam.ok ? '' : badIam.message, /^IAM endpoint /);
  });
});

describe('status parameter mapping', () => {
  it('puts every documented phase in exactly one status', () => {
    const all = LIST_POOLS_STATUS_PARAMS.flatMap((p) => STATUS_PARAM_PHASES[p]);
    assert.deepEqual([...all].sort(), [...POOL_PHASES].sort());
  });

  it('maps phases as documented', () => {
    assert.equal(statusParamForPhase('Running'), 'created');
    assert.equal(statusParamForPhase('Abnormal'), 'created');
    assert.equal(statusParamForPhase('ScalingFailed'), 'created');
    assert.equal(statusParamForPhase('Deleting'), 'created');
    assert.equal(statusParamForPhase('CreationFailed'), 'failed');
    assert.equal(statusParamForPhase('Error'), 'failed');
    assert.equal(statusParamForPhase('Creating'), 'creating');
    assert.equal(statusParamForPhase('Waiting'), 'creating');
  });

  it('matches no status for unknown or missing phases', () => {
    for (const phase of ['Hibernating', 'running', '', undefined, null, 42, {}]) {
      assert.equal(statusParamForPhase(phase), undefined, String(phase));
      for (const p of LIST_POOLS_STATUS_PARAMS) assert.equal(phaseMatchesStatusParam(phase, p), false);
    }
    assert.equal(phaseMatchesStatusParam('Running', 'created'), true);
    assert.equal(phaseMatchesStatusParam('Running', 'failed'), false);
  });

  it('recognises the accepted values only', () => {
    assert.ok(isListPoolsStatusParam('created'));
    assert.ok(!isListPoolsStatusParam('Created'));
    assert.ok(!isListPoolsStatusParam(undefined));
    assert.ok(!isListPoolsStatusParam('constructor'));
  });
});

describe('plain http only to this machine', () => {
  it('accepts https anywhere and http for loopback hosts', () => {
    for (const url of [
      'https://modelarts.example.com',
      'http://127.0.0.1:8080',
      'http://127.1.2.3',
      'http://127.1',
      'http://0x7f.0.0.1:9',
      'http://2130706433',
      'http://localhost:3000/base',
      'http://LOCALHOST',
      'http://localhost.',
      'http://[::1]:8443',
      'http://[0:0:0:0:0:0:0:1]',
      'http://[::ffff:127.0.0.1]',
    ]) {
      const r = normalizeEndpoint(url, 'ModelArts endpoint');
      assert.equal(r.ok, true, `${url}: ${r.ok ? '' : r.message}`);
    }
  });

  it('refuses http to any other host, saying why', () => {
    for (const url of [
      'http://modelarts.cn-north-4.myhuaweicloud.com',
      'http://evil.example:80',
      'http://127.0.0.1.nip.io',
      'http://localhost.evil.example',
      'http://sub.localhost',
      'http://0.0.0.0',
      'http://10.0.0.1',
      'http://128.0.0.1',
      'http://[::2]',
      'http://[::ffff:10.0.0.1]',
    ]) {
      const r = normalizeEndpoint(url, 'ModelArts endpoint');
      assert.equal(r.ok, false, url);
      assert.match(r.ok ? '' : r.message, /^ModelArts endpoint ".*" uses plain http:\/\/, which would send your access key and signatures unencrypted: use https:\/\/\. Plain http is accepted only for this machine \(localhost, 127\.0\.0\.1, \[::1\]\)\.$/, url);
    }
    const resolved = resolveEndpoints({ iamEndpoint: 'http://iam.example' });
    assert.equal(resolved.ok, false);
    assert.match(resolved.ok ? '' : resolved.message, /^IAM endpoint "http:\/\/iam\.example" uses plain http:\/\//);
    assert.ok(isLoopbackHost('127.255.255.254'));
    assert.ok(!isLoopbackHost('127.256.0.1'));
  });

  it('quotes at most 200 characters of a long setting, and trims trailing slashes of any length', () => {
    const r = normalizeEndpoint('http://' + 'a'.repeat(10_000) + '.example');
    assert.equal(r.ok, false);
    assert.ok((r.ok ? '' : r.message).length < 400);
    assert.deepEqual(normalizeEndpoint('https://gw.example/base' + '/'.repeat(100_000)), { ok: true, url: 'https://gw.example/base' });
  });
});
