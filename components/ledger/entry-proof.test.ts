import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { EntryProofView } from "@/lib/ledger/proofs";
import { EntryProof } from "./entry-proof";

const hex = (c: string) => c.repeat(64);
const render = (proof: EntryProofView) => renderToStaticMarkup(createElement(EntryProof, { proof }));

describe("EntryProof", () => {
  it("shows the checkpoint, root, each path node, the download link and the command that checks the file", () => {
    const html = render({
      status: "ok",
      seq: 42,
      treeSize: 100,
      origin: "warden.example/ledger",
      signedBy: ["warden-ledger 0a1b2c3d"],
      leafIndex: 41,
      entryHash: hex("e"),
      rootHash: hex("f"),
      auditPath: [hex("1"), hex("2"), hex("3")],
      downloadHref: "/ledger/42/proof",
      fileName: "warden-proof-seq-42.json",
    });
    expect(html).toContain("tree size 100 · warden.example/ledger · signed by warden-ledger 0a1b2c3d");
    expect(html).toContain(hex("f"));
    expect(html.match(/<li>/g)).toHaveLength(3);
    expect(html).toContain(`title="${hex("2")}"`);
    expect(html).toMatch(/<a href="\/ledger\/42\/proof" download="warden-proof-seq-42.json"/);
    expect(html).toContain("ledger verify --proof warden-proof-seq-42.json --trusted-key");
  });

  it("says why there is no proof yet, and shows an error as an alert", () => {
    expect(render({ status: "not_covered", seq: 7, message: "Proof not yet available: seq 7 is not covered" })).toContain(
      "Proof not yet available: seq 7 is not covered",
    );
    expect(render({ status: "unavailable", seq: 7, message: "The stored ledger no longer matches checkpoint 5" })).toMatch(
      /role="alert"[\s\S]*no longer matches/,
    );
  });
});
