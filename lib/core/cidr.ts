// IP addresses and CIDR ranges (IPv4 and IPv6), for TRUSTED_PROXIES. Pure. An IPv4-mapped IPv6 address
// (::ffff:10.0.0.1, as Node reports IPv4 peers on a dual-stack socket) is treated as the IPv4 address.

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  bits: number;
  text: string;
}

interface Ip {
  family: 4 | 6;
  value: bigint;
}

/** Parses one address; null when it is not an IP address. */
export function parseIp(text: string): Ip | null {
  const t = text
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%[\w.-]+$/, ""); // [v6] and zone ids
  const v4 = parseIpv4(t);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(t);
  if (v6 === null) return null;
  // ::ffff:a.b.c.d → a.b.c.d
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

function parseIpv4(t: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(t);
  if (!m) return null;
  let v = 0n;
  for (const part of m.slice(1)) {
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith("0"))) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIpv6(t: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(t) || t.length > 45) return null;
  let text = t;
  let tail: bigint[] = [];
  // A trailing dotted IPv4 part counts as two groups.
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]);
    if (v4 === null) return null;
    text = dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
    tail = [v4 >> 16n, v4 & 0xffffn];
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const total = head.length + rest.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const all = [...head, ...Array(8 - total).fill("0"), ...rest];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  for (const g of tail) v = (v << 16n) | g;
  return v;
}

export function parseCidr(text: string): Cidr | null {
  const [addr, prefix, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(max - bits);
  return { family: ip.family, base: ip.value & mask, bits, text: text.trim() };
}

/** "10.0.0.0/8, 192.168.1.7 ::1/128" (commas or spaces) → CIDRs, or the first entry that is not one. */
export function parseCidrList(text: string): { ok: true; cidrs: Cidr[] } | { ok: false; error: string } {
  const cidrs: Cidr[] = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const c = parseCidr(item);
    if (!c) return { ok: false, error: `"${item.slice(0, 60)}" is not an IP address or CIDR range` };
    cidrs.push(c);
  }
  return { ok: true, cidrs };
}

export function ipInCidrs(address: string, cidrs: readonly Cidr[]): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  return cidrs.some((c) => {
    if (c.family !== ip.family) return false;
    const max = c.family === 4 ? 32 : 128;
    const mask = c.bits === 0 ? 0n : ((1n << BigInt(c.bits)) - 1n) << BigInt(max - c.bits);
    return (ip.value & mask) === c.base;
  });
}

/** The canonical text of an address (IPv4-mapped IPv6 → IPv4), so one client hashes to one value. */
export function canonicalIp(address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return null;
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join(".");
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((ip.value >> s) & 0xffffn).toString(16));
  return groups.join(":");
}
