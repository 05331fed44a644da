// The decisions API and the person view give one answer: the same columns masked, by the same rules, labelled as
// the catalogue labels them (decision 023).
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { MASK_RULE_LABELS } from "@/lib/masking/mask";
import { getPerson } from "@/lib/people/get-person";
import { createTestUser, grantScopes, testMeta } from "@/lib/test/fixtures";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { getDatasetPolicy } from "@/lib/catalog/get-dataset-policy";
import { answerDecision } from "./answer-decision";

let analyst: Actor;
let owner: Actor;
let personId: string;

beforeAll(async () => {
  analyst = await createTestUser("analyst");
  await grantScopes(analyst.id, ["pii_sensitive"]);
  owner = await createTestUser("privacy_admin");
  const [row] = await getWarehouse().searchPeople("ma", { limit: 1, columns: ["person_id"] });
  personId = String(row.person_id);
});

describe("answerDecision", () => {
  it("masks exactly what the person view masks, each masked column with its catalog rule and that rule's label", async () => {
    const purpose = "Support ticket SUP-9";
    const answer = await answerDecision(
      { subject: { userId: analyst.id }, dataset: { key: "marketplace.people", version: 1 }, purpose },
      { tokenId: "tok_test", ownerId: owner.id, meta: testMeta() },
    );
    const view = await getPerson(analyst, { personId, purpose }, testMeta());
    const policy = await getDatasetPolicy("marketplace.people", 1);

    const state = { allow: "clear", mask: "masked", deny: "withheld" } as const;
    for (const c of answer.columns) {
      expect(view.rows[0].cells[c.name].state, c.name).toBe(state[c.decision]);
      const rule = policy.columns.find((p) => p.name === c.name)!.maskRule;
      if (c.decision === "mask") expect({ rule: c.maskRule, label: c.maskLabel }, c.name).toEqual({ rule, label: MASK_RULE_LABELS[rule] });
      else expect({ rule: c.maskRule, label: c.maskLabel }, c.name).toEqual({ rule: null, label: null });
    }
    // With pii_sensitive only: contact detail in clear, basic identity and tax masked, background status withheld.
    const by = (name: string) => answer.columns.find((c) => c.name === name)!;
    expect(by("phone").decision).toBe("allow");
    expect(by("email")).toMatchObject({ decision: "mask", maskRule: "email", maskLabel: "Email: first letter and domain" });
    expect(by("payout_1099_cents")).toMatchObject({ decision: "mask", maskRule: "round" });
    expect(by("background_check_status").decision).toBe("deny");
  });
});
