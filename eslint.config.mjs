import js from '@eslint/js';
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const plain = JSON.parse(readFileSync(new URL('./eslint.plain.json', import.meta.url), 'utf8'));

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
    // through src/common/messages.ts, which takes SafeText only; safeText's template is a literal.
    files: ['src/**/*.ts'],
    ignores: ['src/common/messages.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name=/^(showInformationMessage|showWarningMessage|showErrorMessage|setStatusBarMessage|withProgress)$/]',
          message: 'Use showInfo/showWarning/showError/showStatus/withProgress from src/common/messages.ts: untrusted text must go through safeText().',
        },
        {
          selector: 'CallExpression[callee.name="safeText"] > :first-child:not(Literal):not(TemplateLiteral[expressions.length=0])',
          message: 'safeText(template, ...args): the template is a string literal; untrusted parts go in args as {0}, {1}, ….',
        },
      ],
    },
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
