import * as assert from 'node:assert/strict';
import { MAX_SETTINGS_TEXT, keysInSettingsText } from '../../src/common/settingsText';

const KEYS = ['modelarts.endpoint', 'modelarts.iamEndpoint', 'modelarts.projectId'];

describe('keys named in a settings file (JSONC)', () => {
  it('finds keys, in any order and with comments and trailing commas around', () => {
    const text = `{
      // A workspace that sends your keys elsewhere
      "modelarts.iamEndpoint" /* here */ : "https://iam.example",
      "editor.tabSize": 2,
      "modelarts.endpoint":"http://127.0.0.1:1",
    }`;
    assert.deepEqual(keysInSettingsText(text, KEYS), ['modelarts.endpoint', 'modelarts.iamEndpoint']);
  });

  it('does not count a key in a comment, in a value, or a longer key', () => {
    const text = `{
      // "modelarts.endpoint": "x",
      /* "modelarts.projectId": "y" */
      "note": "modelarts.iamEndpoint",
      "url": "https://host/\\"modelarts.endpoint\\": x",
      "modelarts.endpointOld": "z"
    }`;
    assert.deepEqual(keysInSettingsText(text, KEYS), []);
  });

  it('reads escaped keys as JSON does, and finds keys in language blocks too', () => {
    assert.deepEqual(keysInSettingsText('{"modelarts\\u002eprojectId": "p"}', KEYS), ['modelarts.projectId']);
    assert.deepEqual(keysInSettingsText('{"[json]": {"modelarts.endpoint": "e"}}', KEYS), ['modelarts.endpoint']);
  });

  it('copes with broken text and stays linear on large input', () => {
    for (const broken of ['', '{', '"modelarts.endpoint', '/*', '{"modelarts.endpoint" // x', '"\\', '"modelarts.endpoint"']) {
      assert.deepEqual(keysInSettingsText(broken, KEYS), [], JSON.stringify(broken));
    }
    const big = `{${'"modelarts.endpoint" /* c */ , '.repeat(20_000)}}`;
    const started = process.hrtime.bigint();
    assert.deepEqual(keysInSettingsText(big.slice(0, MAX_SETTINGS_TEXT), KEYS), []);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
    assert.deepEqual(keysInSettingsText(' '.repeat(MAX_SETTINGS_TEXT) + '{"modelarts.endpoint": 1}', KEYS), [], 'a file over the cap is not searched');
  });
});
