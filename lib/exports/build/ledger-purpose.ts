// The export's purpose as a ledger entry carries it: the entry's field holds at most 500 characters, and a build must
// never fail (or, worse, fail to record its outcome) because a purpose was long.
export function ledgerPurpose(purpose: string): string {
  return purpose.length <= 500 ? purpose : `${purpose.slice(0, 499)}…`;
}
