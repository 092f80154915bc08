import js from '@eslint/js';
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const plain = JSON.parse(readFileSync(new URL('./eslint.plain.json', import.meta.url), 'utf8'));

/** Literal text for people: a string with a letter in it, or any template literal. */
const TEXT = ':matches(Literal[value=/[A-Za-z]/], TemplateLiteral, BinaryExpression[operator="+"])';
const L10N = 'User-facing text goes through vscode.l10n.t (placeholders {0}, {1}), so that it is translated.';
const untranslated = [
  {
    selector: `CallExpression[callee.property.name=/^(show(Information|Warning|Error)Message|setStatusBarMessage)$/] > ${TEXT}`,
    message: `A message or status bar text: ${L10N}`,
  },
  {
    selector: `CallExpression[callee.property.name='showQuickPick'] > ArrayExpression > ${TEXT}`,
    message: `A quick pick item: ${L10N}`,
  },
  {
    selector: `NewExpression[callee.property.name='TreeItem'] > ${TEXT}, NewExpression[callee.name='TreeItem'] > ${TEXT}`,
    message: `A tree item label: ${L10N}`,
  },
  {
    selector: `AssignmentExpression[left.property.name=/^(label|description|tooltip|title|placeholder|prompt|text|message|validationMessage)$/] > ${TEXT}.right`,
    message: `A tree item, view, quick pick, input box or status bar item text: ${L10N}`,
  },
  {
    // Quick pick items, input boxes and dialogs (placeHolder, prompt, openLabel), progress titles, commands on rows.
    selector: `ObjectExpression Property[key.name=/^(label|description|detail|title|placeHolder|placeholder|prompt|tooltip|openLabel|saveLabel)$/] > ${TEXT}.value`,
    message: `A label, description, tooltip or title: ${L10N}`,
  },
];

/** Message calls only in src/common/messages.ts; safeText's template a translated literal. */
const notificationText = [
  {
    selector:
      'MemberExpression[property.name=/^(showInformationMessage|showWarningMessage|showErrorMessage|setStatusBarMessage|withProgress)$/]',
    message: 'Use showInfo/showWarning/showError/showStatus/withProgress from src/common/messages.ts: untrusted text must go through safeText().',
  },
  {
    selector: 'CallExpression[callee.name="safeText"] > :first-child:not(CallExpression[callee.property.name="t"][arguments.length=1][arguments.0.type="Literal"])',
    message: 'safeText(l10n.t(template), ...args): the template is a translated string literal; untrusted parts go in args as {0}, {1}, ….',
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'media/*.js', '*.vsix'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      'no-throw-literal': 'error',
    },
  },
  {
    // Notifications, status bar messages and progress titles render links and codicons: they go
    // through src/common/messages.ts, which takes SafeText only; safeText's template is a translated
    // literal (rules in `notificationText` above; combined with the l10n rules below, since one
    // no-restricted-syntax setting replaces another for the same file).
    files: ['src/**/*.ts'],
    ignores: ['src/common/messages.ts'],
    rules: { 'no-restricted-syntax': ['error', ...notificationText] },
  },
  {
    // The plain modules never import the editor API (the list: eslint.plain.json).
    files: plain.files,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'A plain module (eslint.plain.json): no vscode import; it is tested in plain Node.' }] },
      ],
    },
  },
  {
    // User-facing text in editor code goes through vscode.l10n.t (plain modules use l10n.t from
    // @vscode/l10n): a string or template literal handed straight to a message, quick pick, tree
    // item, progress or status bar is English for everyone. test/unit/l10n.test.ts holds the rest.
    files: ['src/**/*.ts'],
    ignores: [...plain.files, 'src/common/messages.ts'],
    rules: { 'no-restricted-syntax': ['error', ...notificationText, ...untranslated] },
  },
  {
    files: ['src/common/messages.ts'],
    rules: { 'no-restricted-syntax': ['error', ...untranslated] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
