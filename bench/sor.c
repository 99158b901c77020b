/* Baseline for `npm run bench`: the same in-place CSR SOR sweep as relax's sorSweeps
 * (diagonal position found once, lower then upper part of each row, b = ones, x0 = 0).
 * Reads a coordinate real general Matrix Market file (as written by bench/sor.mjs).
 * Then times the residual-tracking sweep of relax's sor() the same way.
 * Usage: sor FILE OMEGA SWEEPS   prints {"sweeps", "seconds", "secondsPerSweep", "checksum", "trackedSecondsPerSweep", ...}. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void sweep(int n, const int *rowPtr, const int *colIdx, const double *values, const int *diagIdx,
                  const double *invDiag, const double *b, double *x, double omega) {
  for (int i = 0; i < n; i++) {
    int dk = diagIdx[i];
    double s = b[i];
    for (int k = rowPtr[i]; k < dk; k++) s -= values[k] * x[colIdx[k]];
    int end = rowPtr[i + 1];
    for (int k = dk + 1; k < end; k++) s -= values[k] * x[colIdx[k]];
    double xi = x[i];
    x[i] = xi + omega * (s * invDiag[i] - xi);
  }
}

/* The residual-tracking sweep of relax's sor() (sorSweepTracked): also returns ||r_k||^2 from the stored
 * upper sums and step, so a solve iteration needs no second pass over A. */
static double sweepTracked(int n, const int *rowPtr, const int *colIdx, const double *values, const int *diagIdx,
                           const double *invDiag, const double *b, double *x, double *up, double *d, double omega,
                           double coef) {
  double rr = 0;
  for (int i = 0; i < n; i++) {
    int dk = diagIdx[i];
    double lower = 0;
    for (int k = rowPtr[i]; k < dk; k++) lower += values[k] * x[colIdx[k]];
    double upper = 0;
    int end = rowPtr[i + 1];
    for (int k = dk + 1; k < end; k++) upper += values[k] * x[colIdx[k]];
    double ri = coef * values[dk] * d[i] - (upper - up[i]);
    rr += ri * ri;
    double xi = x[i];
    double step = omega * ((b[i] - lower - upper) * invDiag[i] - xi);
    x[i] = xi + step;
    d[i] = step;
    up[i] = upper;
  }
  return rr;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: sor FILE OMEGA SWEEPS\n");
    return 2;
  }
  double omega = atof(argv[2]);
  int sweeps = atoi(argv[3]);
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  char line[512];
  do {
    if (!fgets(line, sizeof line, f)) return 2;
  } while (line[0] == '%');
  int n, m, count;
  if (sscanf(line, "%d %d %d", &n, &m, &count) != 3) return 2;
  int *ri = malloc(sizeof(int) * count), *ci = malloc(sizeof(int) * count);
  double *v = malloc(sizeof(double) * count);
  for (int k = 0; k < count; k++) {
    if (fscanf(f, "%d %d %lf", &ri[k], &ci[k], &v[k]) != 3) return 2;
    ri[k]--, ci[k]--;
  }
  fclose(f);
  /* CSR by counting sort; the generator writes each row's columns ascending, which this keeps. */
  int *rowPtr = calloc(n + 1, sizeof(int)), *colIdx = malloc(sizeof(int) * count), *next = malloc(sizeof(int) * n);
  double *values = malloc(sizeof(double) * count);
  for (int k = 0; k < count; k++) rowPtr[ri[k] + 1]++;
  for (int i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  for (int i = 0; i < n; i++) next[i] = rowPtr[i];
  for (int k = 0; k < count; k++) {
    int p = next[ri[k]]++;
    colIdx[p] = ci[k];
    values[p] = v[k];
  }
  int *diagIdx = malloc(sizeof(int) * n);
  double *invDiag = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n), *x = calloc(n, sizeof(double));
  for (int i = 0; i < n; i++) {
    diagIdx[i] = -1;
    for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++)
      if (colIdx[k] == i) diagIdx[i] = k;
    if (diagIdx[i] < 0) {
      fprintf(stderr, "row %d has no diagonal\n", i + 1);
      return 2;
    }
    invDiag[i] = 1.0 / values[diagIdx[i]];
    b[i] = 1.0;
  }
  int warm = sweeps / 10 > 1 ? sweeps / 10 : 1;
  for (int s = 0; s < warm; s++) sweep(n, rowPtr, colIdx, values, diagIdx, invDiag, b, x, omega);
  for (int i = 0; i < n; i++) x[i] = 0;
  double t0 = now();
  for (int s = 0; s < sweeps; s++) sweep(n, rowPtr, colIdx, values, diagIdx, invDiag, b, x, omega);
  double secs = now() - t0;
  double checksum = 0;
  for (int i = 0; i < n; i++) checksum += x[i];
  double *up = calloc(n, sizeof(double)), *d = calloc(n, sizeof(double)), rr = 0;
  for (int i = 0; i < n; i++) x[i] = 0;
  double t1 = now();
  for (int s = 0; s < sweeps; s++) rr += sweepTracked(n, rowPtr, colIdx, values, diagIdx, invDiag, b, x, up, d, omega, 1 / omega - 1);
  double tracked = now() - t1;
  printf("{\"sweeps\":%d,\"seconds\":%.9f,\"secondsPerSweep\":%.9g,\"checksum\":%.17g,\"trackedSecondsPerSweep\":%.9g,\"trackedSum\":%.17g}\n",
         sweeps, secs, secs / sweeps, checksum, tracked / sweeps, rr);
  return 0;
}
