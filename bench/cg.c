/* Baseline for `npm run bench`: unpreconditioned CG with the recurrences of relax's pcg.ts (q = A p
 * fused with p^T q, x and r updated with ||r||^2 in one loop, p = r + beta p), b = ones, x0 = 0, run
 * for a fixed number of iterations. Also times an SpMV (best of 3 x 10). Reads a coordinate real general Matrix Market
 * file with each row's columns ascending (as written by bench/laplacianFile.mjs).
 * Usage: cg FILE ITERATIONS   prints {"iterations", "secondsPerIteration", "spmvSeconds", "checksum"}. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double spmv_dot(int n, const int *rowPtr, const int *colIdx, const double *values, const double *p, double *q) {
  double pq = 0;
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += values[k] * p[colIdx[k]];
    q[i] = s;
    pq += p[i] * s;
  }
  return pq;
}

/* Runs `iterations` CG steps from x = 0; returns the final ||r||. */
static double cg(int n, const int *rowPtr, const int *colIdx, const double *values, const double *b, double *x, double *r,
                 double *p, double *q, int iterations) {
  double rr = 0;
  for (int i = 0; i < n; i++) x[i] = 0, r[i] = b[i], p[i] = b[i], rr += b[i] * b[i];
  for (int it = 0; it < iterations; it++) {
    double alpha = rr / spmv_dot(n, rowPtr, colIdx, values, p, q);
    double rrNew = 0;
    for (int i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      double ri = r[i] - alpha * q[i];
      r[i] = ri;
      rrNew += ri * ri;
    }
    double beta = rrNew / rr;
    rr = rrNew;
    for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
  }
  return sqrt(rr);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: cg FILE ITERATIONS\n");
    return 2;
  }
  int iterations = atoi(argv[2]);
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
  int *rowPtr = calloc(n + 1, sizeof(int)), *colIdx = malloc(sizeof(int) * count);
  double *values = malloc(sizeof(double) * count);
  int *ri = malloc(sizeof(int) * count);
  for (int k = 0; k < count; k++) {
    int c;
    if (fscanf(f, "%d %d %lf", &ri[k], &c, &values[k]) != 3) return 2;
    colIdx[k] = c - 1;
    rowPtr[ri[k]]++;
  }
  fclose(f);
  /* The file is row-major, so a prefix sum of the row counts is the CSR row pointer. */
  for (int i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  double *b = malloc(sizeof(double) * n), *x = malloc(sizeof(double) * n), *r = malloc(sizeof(double) * n);
  double *p = malloc(sizeof(double) * n), *q = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) b[i] = 1;
  cg(n, rowPtr, colIdx, values, b, x, r, p, q, iterations / 10 > 1 ? iterations / 10 : 1);
  double best = 1e30, bestSpmv = 1e30, rnorm = 0;
  for (int rep = 0; rep < 3; rep++) {
    double t0 = now();
    rnorm = cg(n, rowPtr, colIdx, values, b, x, r, p, q, iterations);
    double t = (now() - t0) / iterations;
    if (t < best) best = t;
    t0 = now();
    for (int s = 0; s < 10; s++) spmv_dot(n, rowPtr, colIdx, values, b, q);
    t = (now() - t0) / 10;
    if (t < bestSpmv) bestSpmv = t;
  }
  double checksum = 0;
  for (int i = 0; i < n; i++) checksum += x[i];
  printf("{\"iterations\":%d,\"secondsPerIteration\":%.9g,\"spmvSeconds\":%.9g,\"residualNorm\":%.17g,\"checksum\":%.17g}\n", iterations, best,
         bestSpmv, rnorm, checksum);
  return 0;
}
