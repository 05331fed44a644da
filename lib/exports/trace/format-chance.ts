// A false-attribution probability as people read it: "< 1e-300" when it underflowed, otherwise two significant digits.
export function formatChance(p: number): string {
  if (p <= 0) return "< 1e-300";
  if (p >= 1) return "1";
  if (p >= 0.001) return p.toPrecision(2);
  return p.toExponential(1);
}
