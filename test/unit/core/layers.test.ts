// The layer rules of eslint.config.mjs, exercised on code that breaks them: each must be refused.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** The restricted-import messages ESLint reports for `code` placed at `file`. */
async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers the build enforces (npm run lint)', () => {
  it('core may not import the client, the server, node-only helpers or node:fs', async () => {
    expect(
      await refusals(
        'src/core/io/probe.ts',
        "import { readRunSettings } from '../../client/settings';\nexport const x = readRunSettings;\n",
      ),
    ).toEqual([
      "'../../client/settings' import is restricted from being used by a pattern. the VS Code client sits above this layer",
    ]);
    expect(
      await refusals(
        'src/core/io/probe.ts',
        "import { loadMatrix } from '../../node/loadMatrix';\nexport const x = loadMatrix;\n",
      ),
    ).toHaveLength(1);
    expect(
      await refusals(
        'src/core/io/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await refusals(
        'src/core/io/probe.ts',
        "import type { Report } from '../../protocol';\nexport type X = Report;\n",
      ),
    ).toHaveLength(1);
    expect(
      await refusals('src/core/io/probe.ts', "import { spmv } from '../sparse/csr';\nexport const x = spmv;\n"),
    ).toEqual([]);
  });

  it('the client may not import server internals, the webview may import only src/shared and the protocol', async () => {
    expect(
      await refusals(
        'src/client/probe.ts',
        "import { ResultStore } from '../server/resultStore';\nexport const x = ResultStore;\n",
      ),
    ).toHaveLength(1);
    // relax serve is a front end of its own: the client reads its files through src/node, with no exception.
    expect(
      await refusals(
        'src/client/probe.ts',
        "import { appendRecords } from '../serve/stateFile';\nexport const x = appendRecords;\n",
      ),
    ).toEqual([
      "'../serve/stateFile' import is restricted from being used by a pattern. relax serve is a front end of its own",
    ]);
    expect(
      await refusals(
        'src/client/probe.ts',
        "import { readSnapshot } from '../node/serveState';\nexport const x = readSnapshot;\n",
      ),
    ).toEqual([]);
    expect(
      await refusals(
        'webview/probe.ts',
        "import { DEFAULTS } from '../src/core/defaults';\nexport const x = DEFAULTS;\n",
      ),
    ).toHaveLength(1);
    expect(
      await refusals(
        'webview/probe.ts',
        "import { reduce } from '../src/shared/panelState';\nexport const x = reduce;\n",
      ),
    ).toEqual([]);
    expect(
      await refusals(
        'src/server/probe.ts',
        "import { reduce } from '../../webview/views/view';\nexport const x = reduce;\n",
      ),
    ).toHaveLength(1);
  });
});
