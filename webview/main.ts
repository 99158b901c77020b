// Webview entry point: styles, elements, state restore, message loop.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import uplotCss from 'uplot/dist/uPlot.min.css';
import appCss from './style.css';
import { App } from './app';
import { initialState, isInboundMessage, reduce, type PanelState } from '../src/shared/panelState';
import { latestThrottle, realTimers } from '../src/shared/throttle';
import { createRenderLoop } from './renderLoop';
import { onThemeChange } from './views/theme';
import { vscodeApi } from './vscodeApi';

/** The CSP only admits styles carrying the page's nonce, which the host put on this script tag. */
function injectStyles(css: string): void {
  const style = document.createElement('style');
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce;
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  document.head.append(style);
}

function savedState(raw: PanelState | undefined): PanelState {
  return raw && typeof raw === 'object' && typeof raw.status === 'string' ? raw : initialState;
}

injectStyles(`${uplotCss}\n${appCss}`);

const api = vscodeApi();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const app = new App(root, (m) => api.postMessage(m));
let state = savedState(api.getState());

// Drawn at a pace the renderer can afford, each draw acknowledged so the host sends no faster.
const render = createRenderLoop<PanelState>({
  draw: (s) => app.render(s),
  drawn: () => api.postMessage({ type: 'drawn' }),
  timers: realTimers,
  frame: (fn) => requestAnimationFrame(fn),
});
// State is saved at most twice a second.
const save = latestThrottle<PanelState>(500, (s) => api.setState(s));

app.render(state);
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isInboundMessage(event.data)) return;
  state = reduce(state, event.data);
  render.push(state);
  save.push(state);
});
onThemeChange(() => app.retheme());
api.postMessage({ type: 'ready' });
