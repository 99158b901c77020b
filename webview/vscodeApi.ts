// The webview API VS Code injects; the preview page provides a stand-in with the same shape.
import type { PanelOutboundMessage } from '../src/protocol';
import type { PanelState } from '../src/shared/panelState';

export interface WebviewApi {
  postMessage(message: PanelOutboundMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): WebviewApi;

/** The host API; acquireVsCodeApi may only be called once per page, so this caches it. */
let api: WebviewApi | undefined;
export function vscodeApi(): WebviewApi {
  api ??= acquireVsCodeApi();
  return api;
}
