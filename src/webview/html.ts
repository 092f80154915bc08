import { randomBytes } from 'node:crypto';
import { displayLanguage } from '../common/displayLanguage';
import type { PageStrings } from './protocol';
import { pageStrings } from './viewModel';

/**
 * The details page's HTML shell. It carries no pool data at all: the page
 * script receives the model by postMessage and renders it with DOM APIs.
 * Plain module: no vscode import.
 */

export interface HtmlOptions {
  /** webview.cspSource: the source(s) that media/ resources are served from (may be several, space separated). */
  cspSource: string;
  /** A fresh nonce for this render (see createNonce). */
  nonce: string;
  /** webview.asWebviewUri of media/details.js. */
  scriptUri: string;
  /** webview.asWebviewUri of media/details.css. */
  styleUri: string;
  /** The page's own words; default: those of the display language. */
  strings?: PageStrings;
  /** The display language (vscode.env.language), for `lang` and the page's Intl formats; default: displayLanguage(). */
  language?: string;
}

/** 128 random bits, base64: a nonce for one render of the page. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The Content-Security-Policy of the page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // webview.cspSource may list several sources ("'self' https://*.vscode-cdn.net" in VS Code
  // for the web): keep them, but never let it end the directive or add another.
  const source = cspSource.replace(/[;,\s]+/g, ' ').trim();
  return [
    "default-src 'none'",
    `style-src ${source}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderHtml(options: HtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(options.nonce)) {
    throw new Error('renderHtml: the nonce must be at least 16 base64 characters');
  }
  for (const uri of [options.scriptUri, options.styleUri]) {
    if (!/^(https?|vscode-[a-z-]+):\/\//i.test(uri)) throw new Error(`renderHtml: not a webview resource URI: ${uri.slice(0, 80)}`);
  }
  const csp = escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce));
  const language = options.language ?? displayLanguage();
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : 'en';
  const words = options.strings ?? pageStrings();
  const strings = escapeHtml(JSON.stringify(words));
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(words.pageTitle)}</title>
</head>
<body>
<main id="app" aria-busy="true" data-strings="${strings}"><p class="loading">${escapeHtml(words.loading)}</p></main>
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
