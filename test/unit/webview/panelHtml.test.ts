import { describe, expect, it } from 'vitest';
import { panelCsp, panelHtml } from '../../../src/client/panelHtml';

describe('panelCsp', () => {
  it('allows scripts only with the nonce and nothing by default', () => {
    const csp = panelCsp({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc' });
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      'img-src https://file+.vscode-resource.vscode-cdn.net data:',
      "style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-abc'",
      'font-src https://file+.vscode-resource.vscode-cdn.net',
      "script-src 'nonce-abc'",
    ]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('panelHtml', () => {
  it('loads exactly one script, with the nonce, and escapes attribute values', () => {
    const html = panelHtml({
      cspSource: 'vscode-resource:',
      nonce: 'n+/=',
      scriptUri: 'https://x/dist/webview.js?a="b"',
    });
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n+/=" src="https://x/dist/webview.js?a=&quot;b&quot;"></script>');
    expect(html).toContain(`content="default-src 'none';`);
    expect(html).toContain('<div id="app" role="main"></div>');
  });
});
