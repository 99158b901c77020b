import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { significant } from '../core/format/significant';
import type { MatrixInfo } from '../protocol';
import { resultTitle } from './tuneTitle';
import type { MatrixCache } from './matrixCache';
import type { ResultStore } from './resultStore';

const fmt = significant;

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Markdown for the banner / size line hover. */
export function hoverMarkdown(info: MatrixInfo): string {
  const lines = [
    `**${info.rows === info.cols ? `n = ${count(info.rows)}` : `${count(info.rows)} × ${count(info.cols)}`}**, ` +
      `${count(info.storedEntries)} stored entries (${count(info.declaredEntries)} in the file)`,
    '',
    `- ${info.format}, ${info.field}, ${info.symmetry}`,
    `- ${symmetryLine(info)}`,
  ];
  const d = info.diagonal;
  const diagIssues = [
    d.missing ? `${count(d.missing)} missing` : '',
    d.zero ? `${count(d.zero)} zero` : '',
    d.negative ? `${count(d.negative)} negative` : '',
  ].filter(Boolean);
  lines.push(`- diagonal: ${diagIssues.length ? diagIssues.join(', ') : 'all stored and positive'}`);
  const dom =
    info.dominance === 'strict'
      ? 'strictly diagonally dominant'
      : info.dominance === 'weak'
        ? 'weakly diagonally dominant'
        : `not diagonally dominant (${count(info.dominantRows)} of ${count(info.rows)} rows are)`;
  lines.push(`- ${dom}`);
  lines.push(`- ${info.spdHint}`);
  if (!info.ssorCg.applies && info.ssorCg.message) lines.push(`- ${info.ssorCg.message}`);
  if (info.jacobiRho !== null) {
    lines.push(
      `- Jacobi spectral radius ρ ≈ ${fmt(info.jacobiRho)}${info.jacobiRhoConverged ? '' : ' (estimate not converged)'}`,
    );
    lines.push(
      info.youngOmega !== null
        ? `- Young's ω* = 2/(1+√(1−ρ²)) ≈ ${fmt(info.youngOmega)} (optimal for consistently ordered matrices)`
        : "- ρ ≥ 1: Jacobi diverges, Young's ω* does not apply",
    );
  } else {
    lines.push('- spectral estimate: not available for this matrix');
  }
  if (info.warnings > 0) lines.push(`- ${count(info.warnings)} reader warning(s): see Problems`);
  return lines.join('\n');
}

/** Symmetry as the solvers judge it (relative tolerance, stated) and exact symmetry, reported apart. */
export function symmetryLine(info: MatrixInfo): string {
  if (info.rows !== info.cols) return 'not square';
  if (info.exactlySymmetric) return 'symmetric (exactly)';
  const by = info.relativeAsymmetry !== null ? `max |aᵢⱼ − aⱼᵢ| / max |aᵢⱼ| = ${fmt(info.relativeAsymmetry, 2)}` : '';
  return info.symmetric
    ? `symmetric to ${fmt(info.symmetryTolerance, 2)} relative (${by}), not exactly: CG and SSOR-CG treat it as symmetric`
    : `not symmetric (${by}; tolerance ${fmt(info.symmetryTolerance, 2)} relative)`;
}

/** Hover on the banner or the size line; nothing elsewhere (data lines are just numbers). */
export async function provideHover(cache: MatrixCache, store: ResultStore, params: HoverParams): Promise<Hover | null> {
  let result;
  try {
    result = await cache.info(params.textDocument.uri);
  } catch {
    return null;
  }
  const { parsed, info } = result;
  if (!parsed.matrix || !info) return null;
  const line = params.position.line + 1;
  const h = parsed.matrix.header;
  if (line !== h.bannerLine && line !== h.sizeLine) return null;
  const saved = store.get(params.textDocument.uri);
  const last = (['sor', 'ssor-cg'] as const).flatMap((m) => {
    const r = saved[m]?.record;
    if (!r) return [];
    return [
      `- last tuning${m === 'sor' ? ' (SOR)' : ''}: ${resultTitle(m, r)}${r.converged || r.message === undefined ? '' : `. ${r.message}`}`,
    ];
  });
  return { contents: { kind: MarkupKind.Markdown, value: [hoverMarkdown(info), ...last].join('\n') } };
}
