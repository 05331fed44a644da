// The purge's tombstone-hashing thread (decision 041): its hashes are exactly the in-thread ones, sorted; a thread that
// dies, or none at all, changes nothing but where they were made.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTombstoneHasher } from "./tombstone-hasher";
import { tombstoneHash, tombstoneHashes } from "./tombstones";

const LEGS = "marketplace.booking_legs@1";
const ids = Array.from({ length: 5_000 }, (_, i) => `leg_${(i * 7919) % 100_003}_${"é".repeat(i % 5)}`);

describe("the tombstone hasher", () => {
  it("makes on its thread the same sorted hashes as the calling thread would", async () => {
    const hasher = startTombstoneHasher();
    try {
      const [a, b] = await Promise.all([hasher.hash(LEGS, ids), hasher.hash("marketplace.people@1", ids.slice(0, 2_500))]);
      expect(a).toEqual(tombstoneHashes(LEGS, ids));
      expect(a).toEqual(ids.map((id) => tombstoneHash(LEGS, id)).sort());
      expect(b).toEqual(tombstoneHashes("marketplace.people@1", ids.slice(0, 2_500)));
      expect(hasher.stats).toEqual({ threaded: 2, local: 0 });
    } finally {
      await hasher.close();
    }
  });

  it("hashes in the calling thread a batch its thread died with, and every batch after", async () => {
    const hasher = startTombstoneHasher({ entry: path.join(import.meta.dirname, "fixtures/hasher-that-dies.cjs") });
    try {
      expect(await hasher.hash(LEGS, ids)).toEqual(tombstoneHashes(LEGS, ids));
      expect(await hasher.hash(LEGS, ids.slice(1))).toEqual(tombstoneHashes(LEGS, ids.slice(1)));
      expect(hasher.stats).toEqual({ threaded: 0, local: 2 });
    } finally {
      await hasher.close();
    }
  });

  it("hashes small batches, and everything when it has no thread, in the calling thread", async () => {
    const none = startTombstoneHasher({ entry: null });
    expect(await none.hash(LEGS, ids)).toEqual(tombstoneHashes(LEGS, ids));
    expect(none.stats).toEqual({ threaded: 0, local: 1 });
    await none.close();
    const threaded = startTombstoneHasher();
    expect(await threaded.hash(LEGS, ids.slice(0, 10))).toEqual(tombstoneHashes(LEGS, ids.slice(0, 10)));
    expect(threaded.stats).toEqual({ threaded: 0, local: 1 });
    await threaded.close();
  });
});
