import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/core/env";
import { tombstoneHash, tombstonesDigest } from "./tombstones";

// The definition the fast path must equal: 128 bits of HMAC-SHA256 under the per-dataset key (decision 041).
const reference = (dataset: string, id: string) => {
  const key = createHmac("sha256", env().hashKey).update(`warden/purge/tombstone/v2/${dataset}`).digest();
  return createHmac("sha256", key).update(id, "utf8").digest("hex").slice(0, 32);
};

describe("tombstone hashes (v2)", () => {
  const ids = [
    "",
    "leg_0123456789abcdef",
    "usr_1",
    "ünïcødé-ид-🦉",
    "x".repeat(511),
    "x".repeat(512),
    "x".repeat(513),
    "é".repeat(300), // 600 bytes: past the scratch buffer by bytes, not characters
    "a\u0000b",
    ...Array.from({ length: 200 }, (_, i) => `rec_${i}_${"z".repeat(i * 3)}`),
  ];

  it("equal HMAC-SHA256 truncated to 128 bits, for short, long, unicode and empty ids, call after call", () => {
    for (const dataset of ["marketplace.booking_legs@1", "marketplace.people@1"])
      for (const id of [...ids, ...ids.reverse()]) expect(tombstoneHash(dataset, id)).toBe(reference(dataset, id));
  });

  it("are 32 hex digits and differ per dataset for the same id", () => {
    const a = tombstoneHash("marketplace.booking_legs@1", "same_id");
    const b = tombstoneHash("marketplace.events@1", "same_id");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it("digest over a batch does not depend on the order given", () => {
    const hs = ["b", "a", "c"].map((id) => tombstoneHash("marketplace.booking_legs@1", id));
    expect(tombstonesDigest(hs)).toBe(tombstonesDigest([...hs].reverse()));
    expect(tombstonesDigest(hs)).not.toBe(tombstonesDigest(hs.slice(1)));
  });
});
