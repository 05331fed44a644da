// The fingerprint's two channels on their own (decision 025): token tags, timestamp marks, the tolerant reader, the maths.
import { describe, expect, it } from "vitest";
import { applyMask, TOKEN_CHARS } from "@/lib/masking/mask";
import { exportFingerprint } from "../fingerprint";
import { exportKey } from "../export-keys";
import { binomialTail } from "./binomial";
import { fingerprintRows } from "./fingerprint-rows";
import { markSecond, markTimestamp, readTimestamp } from "./timestamp-mark";
import { splitToken, TOKEN_BODY_CHARS, tokenTag } from "./token-channel";
import { PEOPLE_REF, TRACE_FILE_COLUMNS } from "./trace-fixtures";

const A = { id: "exp_aaaaaaaaaaaa", ...PEOPLE_REF };
const B = { id: "exp_bbbbbbbbbbbb", ...PEOPLE_REF };

describe("channel a: export tokens", () => {
  it("keeps the token shape, shares the body across exports and tags it under each export's own key", () => {
    const ta = exportFingerprint(A, TRACE_FILE_COLUMNS).maskContext.tokenize("912-34-5678");
    const tb = exportFingerprint(B, TRACE_FILE_COLUMNS).maskContext.tokenize("912-34-5678");
    expect(ta).toMatch(new RegExp(`^tok_[a-z2-7]{${TOKEN_CHARS}}$`));
    expect(ta).not.toBe(tb);
    expect(ta.slice(0, 4 + TOKEN_BODY_CHARS)).toBe(tb.slice(0, 4 + TOKEN_BODY_CHARS));
    const { body, tag } = splitToken(ta);
    expect(tokenTag(exportKey(A.id, "token"), body)).toBe(tag);
    expect(tokenTag(exportKey(B.id, "token"), body)).not.toBe(tag);
    // Still a keyed token, never a bare hash of the value.
    expect(applyMask("token", "912-34-5678", exportFingerprint(A, TRACE_FILE_COLUMNS).maskContext)).toBe(ta);
    expect(ta).not.toContain("5678");
  });
});

describe("channel b: timestamp marks", () => {
  const key = exportKey(A.id, "mark");

  it("sets only the seconds of the demo warehouse's timestamps, keyed by column and minute", () => {
    const marked = markTimestamp("2025-03-07T14:22:09Z", key, "created_at") as string;
    expect(marked).toMatch(/^2025-03-07T14:22:\d{2}Z$/);
    expect(Number(marked.slice(17, 19))).toBe(markSecond(key, "created_at", "2025-03-07T14:22"));
    expect(markTimestamp(marked, key, "created_at")).toBe(marked);
    expect(markTimestamp("2025-03-07T14:22:09.123Z", key, "created_at")).toBe(`${marked.slice(0, 19)}.000Z`);
    const d = markTimestamp(new Date("2025-03-07T14:22:09Z"), key, "created_at") as Date;
    expect(d.toISOString()).toBe(`${marked.slice(0, 19)}.000Z`);
    // Not a timestamp with seconds: never invented.
    for (const v of [null, "", "2025-03-07", "2025", "soon"]) expect(markTimestamp(v, key, "created_at")).toBe(v);
  });

  it("differs between exports and columns about 59 times in 60", () => {
    let same = 0;
    let sameColumn = 0;
    const other = exportKey(B.id, "mark");
    for (let m = 0; m < 6000; m++) {
      const minute = new Date(Date.UTC(2025, 0, 1) + m * 60_000).toISOString().slice(0, 16);
      if (markSecond(key, "created_at", minute) === markSecond(other, "created_at", minute)) same++;
      if (markSecond(key, "created_at", minute) === markSecond(key, "booked_at", minute)) sameColumn++;
    }
    expect(same).toBeGreaterThan(50);
    expect(same).toBeLessThan(160);
    expect(sameColumn).toBeLessThan(160);
  });

  it("marks only clear tolerant columns: a masked timestamp stays correct by its rule", () => {
    const plan = TRACE_FILE_COLUMNS.map((c) => (c.name === "created_at" ? { ...c, treatment: "masked" as const, rule: "year" as const } : c));
    const values = plan.map((c) => (c.name === "created_at" ? "2025-03-07T14:22:09Z" : c.name === "date_of_birth" ? "1990-05-06" : "x"));
    const [row] = fingerprintRows(A, plan, [{ recordId: "usr_x", values }]);
    expect(row[plan.findIndex((c) => c.name === "created_at")]).toBe("2025");
    expect(row[plan.findIndex((c) => c.name === "date_of_birth")]).toBe("1990");
    const [clear] = fingerprintRows(A, TRACE_FILE_COLUMNS, [{ recordId: "usr_x", values }]);
    const at = TRACE_FILE_COLUMNS.findIndex((c) => c.name === "created_at");
    expect(clear[at]).toMatch(/^2025-03-07T14:22:\d{2}Z$/);
    // Columns of a dataset without tolerant columns are left alone.
    const [legs] = fingerprintRows({ id: A.id, datasetKey: "marketplace.booking_legs", datasetVersion: 1 }, TRACE_FILE_COLUMNS, [
      { recordId: "x", values },
    ]);
    expect(legs[at]).toBe("2025-03-07T14:22:09Z");
  });

  it("reads timestamps back the way spreadsheets re-save them", () => {
    const want = { minute: "2025-03-07T14:22", second: 41 };
    for (const cell of [
      "2025-03-07T14:22:41Z",
      "2025-03-07 14:22:41",
      " 2025-03-07T14:22:41.000Z ",
      "2025-03-07T16:22:41+02:00",
      "3/7/2025 2:22:41 PM",
      "03/07/2025 14:22:41",
      "7.3.2025 14:22:41",
      "3/7/25 14:22:41",
      new Date("2025-03-07T14:22:41Z"),
      new Date("2025-03-07T14:22:40.9996Z"),
      45723.599085648148,
    ]) {
      expect(readTimestamp(cell), String(cell)).toEqual(want);
    }
    expect(readTimestamp("07/03/2025 14:22:41", true)).toEqual(want);
    for (const cell of ["3/7/2025 14:22", "2025-03-07", "2025-02-30T10:00:00Z", "tok_abc", 42, 45723, null]) expect(readTimestamp(cell)).toBeNull();
  });
});

describe("false-attribution maths", () => {
  it("is the binomial tail", () => {
    expect(binomialTail(6, 6, 1 / 60)).toBeCloseTo(60 ** -6, 20);
    expect(binomialTail(50, 0, 1 / 60)).toBe(1);
    expect(binomialTail(1, 1, 2 ** -40)).toBeCloseTo(2 ** -40, 25);
    expect(binomialTail(3, 1, 0.5)).toBeCloseTo(7 / 8, 12);
    expect(binomialTail(3, 4, 0.5)).toBe(0);
  });
});
