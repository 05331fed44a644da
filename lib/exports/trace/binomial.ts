// The tail of a binomial distribution, for the tracer's false-attribution figures (decision 025): the probability that
// an export which did not write a file matches at least k of n checked cells by chance, each with probability p.

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[n];
}

/** P[X ≥ k] for X ~ Binomial(n, p); 1 when k ≤ 0. Summed in log space so p = 2^-40 and n = 256 stay exact enough. */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let sum = 0;
  for (let i = k; i <= n; i++) sum += Math.exp(logFactorial(n) - logFactorial(i) - logFactorial(n - i) + i * lp + (n - i) * lq);
  return Math.min(1, sum);
}
