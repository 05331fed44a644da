// How a retention period reads on the Retention screen (shared by its server page and client tables).

/** "2557 days (7 years)": whole years read better, the days are what is enforced. */
export function describeDays(days: number): string {
  const years = days / 365.25;
  return Math.abs(years - Math.round(years)) < 0.01 && years >= 1 ? `${days} days (${Math.round(years)} years)` : `${days} days`;
}
