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
import { reportKey, savedViewState, type SavedState, type ViewState } from './viewState';
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
const saved: unknown = api.getState();
let state = savedState(saved as PanelState | undefined);
// The tab and scroll position survive hide/show: restored once the report they belong to is drawn.
let view: ViewState | undefined = savedViewState(saved);
let restore = view;
const restoreView = (): void => {
  if (!restore || reportKey(state.report) !== restore.report) return;
  app.showTab(restore.tab);
  // The tab's content lays out over the next frames (custom elements, charts): scroll once it is tall enough.
  const y = restore.scrollY;
  const scroll = (frames: number): void => {
    window.scrollTo(0, y);
    if (Math.abs(window.scrollY - y) > 1 && frames > 0) requestAnimationFrame(() => scroll(frames - 1));
  };
  scroll(60);
  restore = undefined;
};

// Drawn at a pace the renderer can afford, each draw acknowledged so the host sends no faster.
const render = createRenderLoop<PanelState>({
  draw: (s) => {
    app.render(s);
    restoreView();
  },
  drawn: () => api.postMessage({ type: 'drawn' }),
  timers: realTimers,
  frame: (fn) => requestAnimationFrame(fn),
});
// State is saved at most twice a second.
const save = latestThrottle<SavedState>(500, (s) => api.setState(s));
const persist = (): void => save.push(view ? { ...state, view } : state);
/** Records what the person changed, for the report shown now. */
const viewChanged = (change: Partial<ViewState>): void => {
  const key = reportKey(state.report);
  const base = view?.report === key ? view : { report: key, tab: 0, scrollY: 0 };
  view = { ...base, ...change };
  persist();
};

app.render(state);
restoreView();
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isInboundMessage(event.data)) return;
  state = reduce(state, event.data);
  render.push(state);
  persist();
});
// Captured: the tabs element's event does not bubble.
document.addEventListener(
  'vsc-tabs-select',
  (e) => {
    const index = (e as CustomEvent<{ selectedIndex?: unknown }>).detail?.selectedIndex;
    if (Number.isInteger(index)) viewChanged({ tab: index as number });
  },
  { capture: true },
);
window.addEventListener('scroll', () => viewChanged({ scrollY: window.scrollY }), { passive: true });
onThemeChange(() => app.retheme());
api.postMessage({ type: 'ready' });
