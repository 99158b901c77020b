// ReportPanel against a small in-memory stand-in for the `vscode` module (the real one exists only
// inside VS Code; the end-to-end test covers that). The stand-in records what the panel does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LearningReport, PanelInboundMessage, SingleMatrixReport } from '../../../src/protocol';

interface FakeUri {
  fsPath: string;
  toString(): string;
}

const fake = vi.hoisted(() => {
  const uri = (p: string): FakeUri => ({ fsPath: p, toString: () => `file://${p}` });
  const join = (base: FakeUri, ...parts: string[]): FakeUri => {
    const segs = base.fsPath.split('/');
    for (const part of parts) for (const s of part.split('/')) s === '..' ? segs.pop() : segs.push(s);
    return uri(segs.join('/'));
  };
  const state = {
    panels: [] as FakePanel[],
    serializers: new Map<string, { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }>(),
    clipboard: '',
    written: [] as { path: string; bytes: Uint8Array }[],
    saveTarget: undefined as FakeUri | undefined,
    saveDialogs: 0,
    errors: [] as string[],
  };
  class FakePanel {
    title: string;
    posted: PanelInboundMessage[] = [];
    disposed = false;
    /** Whether this stand-in acknowledges each post with `drawn`. */
    acks = true;
    private onMessage: ((m: unknown) => void) | undefined;
    private onDispose: (() => void) | undefined;
    webview: {
      html: string;
      options: Record<string, unknown>;
      cspSource: string;
      asWebviewUri(u: FakeUri): FakeUri;
      postMessage(m: PanelInboundMessage): Promise<boolean>;
      onDidReceiveMessage(h: (m: unknown) => void): { dispose(): void };
    };
    constructor(
      readonly viewType: string,
      title: string,
      options: Record<string, unknown>,
    ) {
      this.title = title;
      const self = this;
      this.webview = {
        html: '',
        options,
        cspSource: 'https://resource.test',
        asWebviewUri: (u: FakeUri) => uri(`/webview${u.fsPath}`),
        postMessage(m: PanelInboundMessage) {
          if (self.disposed) throw new Error('Webview is disposed');
          // Round-trip through JSON like the real postMessage (structured clone).
          self.posted.push(JSON.parse(JSON.stringify(m)) as PanelInboundMessage);
          // A webview that draws what it gets at once, as the real one says after each draw.
          if (self.acks) setTimeout(() => self.receive({ type: 'drawn' }), 0);
          return Promise.resolve(true);
        },
        onDidReceiveMessage(h: (m: unknown) => void) {
          self.onMessage = h;
          return { dispose() {} };
        },
      };
    }
    onDidDispose(h: () => void) {
      this.onDispose = h;
      return { dispose() {} };
    }
    reveal() {}
    dispose() {
      if (this.disposed) return;
      this.disposed = true;
      this.onDispose?.();
    }
    /** What the webview would send. */
    receive(m: unknown) {
      this.onMessage?.(m);
    }
  }
  const vscode = {
    ViewColumn: { Beside: -2 },
    Uri: { file: uri, parse: (s: string) => uri(s.replace(/^file:\/\//, '')), joinPath: join },
    window: {
      createWebviewPanel(viewType: string, title: string, _col: unknown, options: Record<string, unknown>) {
        const p = new FakePanel(viewType, title, options);
        state.panels.push(p);
        return p;
      },
      registerWebviewPanelSerializer(
        viewType: string,
        s: { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> },
      ) {
        state.serializers.set(viewType, s);
        return { dispose() {} };
      },
      showSaveDialog: async () => {
        state.saveDialogs++;
        return state.saveTarget;
      },
      showErrorMessage: async (m: string) => {
        state.errors.push(m);
        return undefined;
      },
    },
    env: { clipboard: { writeText: async (t: string) => void (state.clipboard = t) } },
    workspace: {
      workspaceFolders: [{ uri: uri('/ws') }],
      fs: { writeFile: async (u: FakeUri, bytes: Uint8Array) => void state.written.push({ path: u.fsPath, bytes }) },
    },
  };
  return { state, vscode, FakePanel, uri };
});

vi.mock('vscode', () => fake.vscode);

const { ReportPanels } = await import('../../../src/client/panelHost');

const ext = fake.uri('/ext') as never;
/** The window's panel registry, as activate() builds it. */
const panels = new ReportPanels(ext);
const single: SingleMatrixReport = {
  kind: 'single',
  title: 'gr_30_30.mtx',
  source: '/ws/samples/gr_30_30.mtx',
  facts: [],
  residuals: [],
  petscOptions: '-pc_type sor -pc_sor_omega 1.8',
};
const learning: LearningReport = {
  kind: 'learning',
  title: 'shift.relax.json',
  instances: 1000,
  method: 'sor',
  series: [{ name: 'learner', role: 'learner', contextual: false, records: [] }],
};

function actions() {
  return { cancel: vi.fn(), rerun: vi.fn() };
}

const flushPromises = () => new Promise((r) => setImmediate(r));

beforeEach(() => {
  fake.state.panels.length = 0;
  fake.state.written.length = 0;
  fake.state.clipboard = '';
  fake.state.saveDialogs = 0;
  fake.state.saveTarget = undefined;
});
afterEach(() => {
  panels.active?.dispose();
  vi.useRealTimers();
});

describe('ReportPanels.createOrShow', () => {
  it('creates one relax.report panel with a nonce CSP, restricted roots and no retained context', () => {
    panels.createOrShow(single, actions());
    const p = fake.state.panels[0];
    expect(p.viewType).toBe('relax.report');
    expect(p.title).toBe('Relax: gr_30_30.mtx');
    expect(p.webview.options).toMatchObject({ enableScripts: true, retainContextWhenHidden: false });
    expect((p.webview.options.localResourceRoots as FakeUri[]).map((u) => u.fsPath)).toEqual([
      '/ext/dist',
      '/ext/media',
    ]);
    const nonce = /nonce="([^"]+)"/.exec(p.webview.html)?.[1];
    expect(nonce).toBeTruthy();
    expect(p.webview.html).toContain(`script-src 'nonce-${nonce}'`);
    expect(p.webview.html).toContain('src="file:///webview/ext/dist/webview.js"');
    expect(p.posted).toEqual([{ type: 'report', report: single, status: 'completed' }]);
  });

  it('reuses the open panel and uses a fresh nonce per page', () => {
    const a = panels.createOrShow(single, actions());
    const b = panels.createOrShow(learning, actions(), 'running');
    expect(b).toBe(a);
    expect(fake.state.panels).toHaveLength(1);
    expect(fake.state.panels[0].posted.at(-1)).toEqual({ type: 'report', report: learning, status: 'running' });
    a.dispose();
    panels.createOrShow(single, actions());
    const n1 = /nonce="([^"]+)"/.exec(fake.state.panels[0].webview.html)?.[1];
    const n2 = /nonce="([^"]+)"/.exec(fake.state.panels[1].webview.html)?.[1];
    expect(n1).not.toBe(n2);
  });
});

describe('live updates', () => {
  it('sends 1000 records streamed over one second in about 10 messages, in order, nothing lost', () => {
    vi.useFakeTimers({ now: 0 });
    const panel = panels.createOrShow(learning, actions(), 'running');
    const p = fake.state.panels[0];
    for (let t = 0; t < 1000; t++) {
      panel.appendRecords('learner', [{ t, omega: 1.5, iterations: 10 + t, converged: true, extraSweeps: 0 }]);
      panel.progress(`instance ${t + 1}/1000`, (t + 1) / 1000);
      vi.advanceTimersByTime(1);
    }
    panel.setStatus('completed', 'done');
    const records = p.posted.filter((m) => m.type === 'records');
    expect(records.length).toBeGreaterThanOrEqual(10);
    expect(records.length).toBeLessThanOrEqual(12);
    const ts = records.flatMap((m) =>
      m.type === 'records' ? m.batches.flatMap((b) => b.records.map((r) => r.t)) : [],
    );
    expect(ts).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // The final status comes after the last records, so the webview never ends with missing data.
    expect(p.posted.at(-1)).toEqual({ type: 'status', status: 'completed', message: 'done' });
    expect((panel.report as LearningReport).series[0].records).toHaveLength(1000);
  });

  it('while the webview has not drawn, records are merged, not queued; its `drawn` lets the rest go', () => {
    vi.useFakeTimers({ now: 0 });
    const panel = panels.createOrShow(learning, actions(), 'running');
    const p = fake.state.panels[0];
    vi.advanceTimersByTime(10); // the report is drawn
    p.acks = false;
    for (let t = 0; t < 500; t++) {
      panel.appendRecords('learner', [{ t, omega: 1.5, iterations: 10, converged: true, extraSweeps: 0 }]);
      vi.advanceTimersByTime(1);
    }
    const records = () => p.posted.filter((m) => m.type === 'records');
    expect(records()).toHaveLength(1);
    p.receive({ type: 'drawn' });
    expect(records()).toHaveLength(2);
    expect(records()[1]).toMatchObject({ batches: [{ series: 'learner', records: { length: 499 } }] });
    expect((panel.report as LearningReport).series[0].records).toHaveLength(500);
  });

  it('describes a series the first time it appears and merges later records into it', () => {
    vi.useFakeTimers({ now: 0 });
    const panel = panels.createOrShow({ ...learning, series: [] }, actions(), 'running');
    const p = fake.state.panels[0];
    vi.advanceTimersByTime(200);
    panel.appendRecords({ name: 'chebcb', role: 'learner', contextual: true }, [
      { t: 0, context: 0.1, omega: 1.3, iterations: 8, converged: true, extraSweeps: 0 },
    ]);
    panel.appendRecords('chebcb', [{ t: 1, context: 0.2, omega: 1.4, iterations: 7, converged: true, extraSweeps: 0 }]);
    vi.advanceTimersByTime(200);
    const msgs = p.posted.filter((m) => m.type === 'records');
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatchObject({
      batches: [{ series: 'chebcb', role: 'learner', contextual: true, records: [{ t: 0 }] }],
    });
    expect(msgs[1]).toMatchObject({ batches: [{ series: 'chebcb', records: [{ t: 1 }] }] });
    expect((panel.report as LearningReport).series).toMatchObject([
      { name: 'chebcb', role: 'learner', contextual: true },
    ]);
  });

  it('keeps quiet after the user closed the panel while the run goes on', () => {
    vi.useFakeTimers({ now: 0 });
    const panel = panels.createOrShow(learning, actions(), 'running');
    const p = fake.state.panels[0];
    panel.appendRecords('learner', [{ t: 0, omega: 1.5, iterations: 10, converged: true, extraSweeps: 0 }]);
    panel.appendRecords('learner', [{ t: 1, omega: 1.5, iterations: 10, converged: true, extraSweeps: 0 }]);
    p.dispose();
    const sent = p.posted.length;
    expect(() => {
      panel.appendRecords('learner', [{ t: 2, omega: 1.5, iterations: 10, converged: true, extraSweeps: 0 }]);
      panel.progress('instance 3');
      vi.advanceTimersByTime(500);
      panel.setStatus('completed');
      panel.notice('done');
    }).not.toThrow();
    expect(p.posted.length).toBe(sent);
    expect(panels.active).toBeUndefined();
  });

  it('resends the whole state, with live records, when the webview (re)loads', () => {
    vi.useFakeTimers({ now: 0 });
    const panel = panels.createOrShow(learning, actions(), 'running');
    const p = fake.state.panels[0];
    panel.appendRecords('learner', [{ t: 0, omega: 1.2, iterations: 5, converged: true, extraSweeps: 1 }]);
    panel.appendRecords('omega=1', [{ t: 0, omega: 1, iterations: 9, converged: true, extraSweeps: 0 }]);
    vi.advanceTimersByTime(200);
    p.posted.length = 0;
    p.receive({ type: 'ready' });
    const report = p.posted[0];
    expect(report.type).toBe('report');
    if (report.type !== 'report' || report.report.kind !== 'learning') throw new Error('expected a learning report');
    expect(report.status).toBe('running');
    expect(report.report.series.map((s) => [s.name, s.records.length])).toEqual([
      ['learner', 1],
      ['omega=1', 1],
    ]);
  });
});

describe('panel commands', () => {
  it('calls the actions for cancel and re-run with the shown report and ignores malformed messages', async () => {
    const a = actions();
    panels.createOrShow(single, a);
    const p = fake.state.panels[0];
    p.receive({ type: 'cancel' });
    p.receive({ type: 'rerun' });
    p.receive({ type: 'rerun', extra: 1 });
    p.receive({ type: 'delete-everything' });
    p.receive('rerun');
    await flushPromises();
    expect(a.cancel).toHaveBeenCalledWith(single);
    expect(a.rerun).toHaveBeenCalledTimes(2);
  });

  it('copies the report’s PETSc options when no copy action is given', async () => {
    panels.createOrShow(single, actions());
    const p = fake.state.panels[0];
    p.receive({ type: 'copyPetsc' });
    await flushPromises();
    expect(fake.state.clipboard).toBe('-pc_type sor -pc_sor_omega 1.8');
    expect(p.posted.at(-1)).toEqual({ type: 'notice', message: 'PETSc options copied to the clipboard' });
  });

  it('saves a PNG export as decoded bytes next to the source and reports the path', async () => {
    panels.createOrShow(single, actions());
    const p = fake.state.panels[0];
    fake.state.saveTarget = fake.uri('/ws/samples/out.png');
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    p.receive({
      type: 'export',
      format: 'png',
      suggestedName: '../../evil name.png',
      content: `data:image/png;base64,${bytes.toString('base64')}`,
    });
    await flushPromises();
    expect(fake.state.written).toHaveLength(1);
    expect(fake.state.written[0].path).toBe('/ws/samples/out.png');
    expect(Buffer.from(fake.state.written[0].bytes)).toEqual(bytes);
    expect(p.posted.at(-1)).toEqual({ type: 'notice', message: 'Saved /ws/samples/out.png' });
  });

  it('refuses a PNG export that is not a PNG data URL without opening a dialog', async () => {
    panels.createOrShow(single, actions());
    const p = fake.state.panels[0];
    p.receive({ type: 'export', format: 'png', suggestedName: 'a.png', content: 'data:text/html;base64,PHNjcmlwdD4=' });
    await flushPromises();
    expect(fake.state.saveDialogs).toBe(0);
    expect(fake.state.written).toHaveLength(0);
    expect(p.posted.at(-1)).toEqual({ type: 'notice', message: 'Export failed: the chart image was not a PNG' });
  });
});

describe('serializer', () => {
  it('restores a saved report; a run that was live is shown as stopped', async () => {
    panels.registerSerializer(actions());
    const panel = new fake.FakePanel('relax.report', 'old', {});
    await fake.state.serializers
      .get('relax.report')
      ?.deserializeWebviewPanel(panel, { report: learning, status: 'running' });
    expect(panel.webview.options).toMatchObject({ enableScripts: true, retainContextWhenHidden: false });
    expect(panel.webview.html).toContain('<div id="app"');
    panel.receive({ type: 'ready' });
    expect(panel.posted[0]).toEqual({
      type: 'report',
      report: learning,
      status: 'cancelled',
      message: expect.stringContaining('Re-run'),
    });
    expect(panels.active?.report).toEqual(learning);
  });

  it('hands a restored report to the restored action (an attached simulation follows its file again)', async () => {
    const restored = vi.fn();
    panels.registerSerializer({ ...actions(), restored });
    const panel = new fake.FakePanel('relax.report', 'old', {});
    const attached: LearningReport = { ...learning, source: 'file:///ws/heat.relax-serve.json' };
    await fake.state.serializers
      .get('relax.report')
      ?.deserializeWebviewPanel(panel, { report: attached, status: 'running' });
    expect(restored).toHaveBeenCalledTimes(1);
    expect(restored.mock.calls[0][0]).toBe(panels.active);
    expect(restored.mock.calls[0][1]).toEqual(attached);
  });

  it('ignores a saved state that is not a report', async () => {
    panels.registerSerializer(actions());
    const panel = new fake.FakePanel('relax.report', 'old', {});
    await fake.state.serializers.get('relax.report')?.deserializeWebviewPanel(panel, { report: { kind: 'bogus' } });
    panel.receive({ type: 'ready' });
    expect(panel.posted).toEqual([]);
  });
});
