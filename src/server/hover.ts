import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import type { MatrixInfo } from '../protocol';
import { resultTitle } from './codeLens';
import type { MatrixCache } from './matrixCache';
import type { ResultStore } from './resultStore';

function fmt(x: number, digits = 4): string {
  return Number(x.toPrecision(digits)).toString();
}

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
  if (info.jacobiRho !== null) {
    lines.push(`- Jacobi spectral radius ρ ≈ ${fmt(info.jacobiRho)}${info.jacobiRhoConverged ? '' : ' (estimate not converged)'}`);
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
  const last = (['sor', 'ssor-cg'] as const).flatMap((m) => (saved[m] ? [`- last tuning${m === 'sor' ? ' (SOR)' : ''}: ${resultTitle(m, saved[m])}`] : []));
  return { contents: { kind: MarkupKind.Markdown, value: [hoverMarkdown(info), ...last].join('\n') } };
}
