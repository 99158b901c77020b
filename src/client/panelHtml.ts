// The report panel's HTML and Content Security Policy, separate from the vscode API so it can be
// unit-tested and reused by the headless preview check.

export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin local resources are served from. */
  cspSource: string;
  /** Fresh per page load; only scripts and styles carrying it run. */
  nonce: string;
  /** `asWebviewUri` of dist/webview.js. */
  scriptUri: string;
}

/** The CSP: nothing by default; images and fonts from the extension; scripts and styles only with the nonce. */
export function panelCsp({ cspSource, nonce }: Pick<PanelHtmlInput, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The page: an empty #app root and the bundled script, which draws everything else. */
export function panelHtml(input: PanelHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(input))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Relax report</title>
</head>
<body>
<div id="app" role="main"></div>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
