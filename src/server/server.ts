// Entry of dist/server.js: the language server on the main thread, a solver worker otherwise.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  InfoRequest,
  JobsChangedNotification,
  SpyRequest,
  type JobOutcome,
  type MatrixInfo,
  type MatrixLimits,
} from '../protocol';
import { provideCodeLenses } from './codeLens';
import { DiagnosticsFeature } from './diagnostics';
import { provideHover } from './hover';
import { JobControl } from './jobControl';
import { JobQueue } from './jobQueue';
import { startJobWorker } from './jobWorker';
import { provideSpy } from './spy';
import { JobsFeature } from './jobs';
import { MatrixCache } from './matrixCache';
import { ResultStore } from './resultStore';
import { limitsFrom } from './settings';
import type { WorkerBoot, WorkerTask } from './workerMessages';
import { WorkerPool, type WorkerOutcome } from './workerPool';

/** Coalesces bursts (10,000 tiny solves) into at most one notification per interval. */
const STATUS_INTERVAL_MS = 200;

function isWorkerBoot(v: unknown): v is WorkerBoot {
  return v !== null && typeof v === 'object' && (v as WorkerBoot).role === 'relax-solver-worker';
}

function workspaceFolders(params: InitializeParams): string[] {
  return folderPaths(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
}

function folderPaths(uris: string[]): string[] {
  return uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
}

async function infoOutcome(cache: MatrixCache, uri: string): Promise<JobOutcome<MatrixInfo>> {
  try {
    const { parsed, info } = await cache.info(uri);
    if (info) return { status: 'completed', result: info };
    const e = parsed.diagnostics[0];
    return { status: 'failed', message: e ? `${e.file}:${e.line}: ${e.message}` : `${parsed.path}: unreadable` };
  } catch (err) {
    return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

function startServer(): void {
  const connection: Connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  let limits: MatrixLimits = limitsFrom(undefined);
  let lensRefresh = false;
  let configurationPush = false;
  let folderEvents = false;
  let folders: string[] = [];
  const store = new ResultStore([]);
  const workerSource = readFileSync(__filename, 'utf8');
  const pool = new WorkerPool(workerSource, Math.max(1, Math.min(4, availableParallelism() - 1)));
  // A separate thread for hover data, so a hover on a large matrix never waits behind a long tune.
  const infoPool = new WorkerPool(workerSource, 1);
  const offThread = (task: WorkerTask): Promise<WorkerOutcome> => infoPool.run(task, new JobControl(), () => undefined);
  const cache = new MatrixCache(
    (uri) => documents.get(uri),
    limits,
    async (matrix, uri) => {
      const out = await offThread({ kind: 'info', matrix, uri });
      if (out.status === 'done' && out.result.kind === 'info') return out.result.info;
      throw new Error(out.status === 'done' ? 'internal: unexpected worker result' : out.message);
    },
  );

  let statusTimer: NodeJS.Timeout | undefined;
  const refreshLenses = (): void => {
    if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  const queue = new JobQueue(() => {
    if (statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      void connection.sendNotification(JobsChangedNotification, queue.status());
      refreshLenses();
    }, STATUS_INTERVAL_MS);
  });

  connection.onInitialize((params) => {
    folders = workspaceFolders(params);
    store.setFolders(folders);
    // Started before the first request; lenses and relax/results wait for it.
    void store.load().then((n) => {
      if (n > 0) connection.console.log(`loaded ${n} saved result(s) from .relax/`);
      refreshLenses();
    });
    limits = limitsFrom(params.initializationOptions);
    cache.setLimits(limits);
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    configurationPush = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        ...(folderEvents ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'relax-server' },
    };
  });

  connection.onInitialized(() => {
    if (configurationPush)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'relax' });
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(folderPaths(e.removed.map((f) => f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...folderPaths(e.added.map((f) => f.uri))];
        store.setFolders(folders);
        void store.load().then(refreshLenses);
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as { relax?: unknown } | null)?.relax;
    if (section === undefined) return;
    limits = limitsFrom(section);
    cache.setLimits(limits);
    for (const doc of documents.all()) diagnostics.schedule(doc.uri, 0);
  });

  const diagnostics = new DiagnosticsFeature(connection, documents, cache);
  connection.onHover((params) => provideHover(cache, store, params));
  // Results wait for .relax/ to load; the header-only lenses of a file still parsing do not.
  connection.onCodeLens((params) =>
    provideCodeLenses(cache, store, queue, params, lensRefresh ? refreshLenses : undefined),
  );
  connection.onRequest(InfoRequest, (params) => infoOutcome(cache, params.uri));
  connection.onRequest(SpyRequest, (params) => provideSpy(cache, offThread, params.uri, params.maxSide));
  new JobsFeature({ connection, cache, store, queue, pool, limits: () => limits, onResultSaved: refreshLenses });

  connection.onShutdown(async () => {
    queue.cancel();
    await Promise.all([pool.dispose(), infoPool.dispose()]);
  });

  documents.listen(connection);
  connection.listen();
}

if (!isMainThread && isWorkerBoot(workerData)) startJobWorker(workerData);
else startServer();
