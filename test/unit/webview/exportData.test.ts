import { describe, expect, it } from 'vitest';
import type { LearningReport, SingleMatrixReport } from '../../../src/protocol';
import { pt } from '../../helpers/tunePoint';
import { exportStem, reportToCsv, reportToJson } from '../../../webview/data/exportData';

const single: SingleMatrixReport = {
  kind: 'single',
  title: 'gr_30_30.mtx',
  facts: [],
  tune: {
    method: 'sor',
    omega: 1.8,
    iterations: 97,
    converged: true,
    reason: 'converged',
    curve: [pt(1.5, 387, true)],
  },
  residuals: [
    {
      label: 'SOR ω=1, "plain"',
      method: 'sor',
      role: 'omega1',
      omega: 1,
      iterations: 1,
      converged: false,
      residuals: [1, 0.5],
    },
  ],
};

describe('reportToCsv', () => {
  it('writes tune points and residuals in long format with quoting', () => {
    expect(reportToCsv(single)).toBe(
      'kind,label,omega,iteration,value,converged\n' +
        'tune,sor,1.5,,387,true\n' +
        'residual,"SOR ω=1, ""plain""",1,0,1,false\n' +
        'residual,"SOR ω=1, ""plain""",1,1,0.5,false\n',
    );
  });
  it('writes one row per learning record with an empty context when absent', () => {
    const r: LearningReport = {
      kind: 'learning',
      title: 't',
      instances: 1,
      method: 'sor',
      series: [
        {
          name: 'a',
          role: 'learner',
          contextual: false,
          records: [{ t: 0, omega: 1.2, iterations: 5, converged: true, extraSweeps: 1 }],
        },
      ],
    };
    expect(reportToCsv(r)).toBe(
      'series,role,t,context,omega,iterations,converged,extraSweeps\na,learner,0,,1.2,5,true,1\n',
    );
  });
});

describe('reportToJson / exportStem', () => {
  it('round-trips the report', () => {
    expect(JSON.parse(reportToJson(single))).toEqual(single);
  });
  it('makes a safe file stem', () => {
    expect(exportStem(single)).toBe('gr_30_30-report');
    expect(exportStem({ ...single, title: '../a b?.mtx' })).toBe('..-a-b-report');
  });
});
