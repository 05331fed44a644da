import { describe, expect, it } from "vitest";
import { describePii, detectPii, type PiiKind } from "./pii-detect";

/** What was found, as [kind, the text it covers]: the golden form of every vector below. */
const found = (text: string) => detectPii(text).map((m) => [m.kind, text.slice(m.start, m.end)] as [PiiKind, string]);

// Golden vectors: real-world formats that must be found, each in a sentence as a purpose would carry it.
const POSITIVE: Array<[string, Array<[PiiKind, string]>]> = [
  // Email: RFC 5322's common subset.
  [
    "Call Jane Doe jane.doe@example.com 555-0100",
    [
      ["email", "jane.doe@example.com"],
      ["phone", "555-0100"],
    ],
  ],
  ["reply to jane.doe+billing@mail.example.co.uk today", [["email", "jane.doe+billing@mail.example.co.uk"]]],
  ["<J_Smith-99@Sub.Example.ORG>", [["email", "J_Smith-99@Sub.Example.ORG"]]],
  ["mailto:ops%team@example.io.", [["email", "ops%team@example.io"]]],
  ["user.name@xn--bcher-kva.de", [["email", "user.name@xn--bcher-kva.de"]]],
  // Phone: E.164, North American, UK, German.
  ["call +15550100", [["phone", "+15550100"]]],
  ["call +1 (555) 010-0100 now", [["phone", "+1 (555) 010-0100"]]],
  ["call 555-010-0100", [["phone", "555-010-0100"]]],
  ["call 555.010.0100", [["phone", "555.010.0100"]]],
  ["call (555) 010-0100", [["phone", "(555) 010-0100"]]],
  ["call 555 010 0100", [["phone", "555 010 0100"]]],
  ["call 1-555-010-0100", [["phone", "1-555-010-0100"]]],
  ["call 1 (555) 010-0100", [["phone", "1 (555) 010-0100"]]],
  ["call 555-0100.", [["phone", "555-0100"]]],
  ["call 2125550100", [["phone", "2125550100"]]],
  ["UK office +44 20 7946 0958", [["phone", "+44 20 7946 0958"]]],
  ["mobile 07700 900123", [["phone", "07700 900123"]]],
  ["London 020 7946 0958", [["phone", "020 7946 0958"]]],
  ["London (020) 7946 0958", [["phone", "(020) 7946 0958"]]],
  ["Berlin +49 30 901820", [["phone", "+49 30 901820"]]],
  ["from abroad 0044 20 7946 0958", [["phone", "0044 20 7946 0958"]]],
  ["Paris +33 1 23 45 67 89", [["phone", "+33 1 23 45 67 89"]]],
  [
    "call 555-0100 or 555-0101",
    [
      ["phone", "555-0100"],
      ["phone", "555-0101"],
    ],
  ],
  // TIN: SSN, ITIN, EIN, a bare 9-digit number.
  ["SSN 123-45-6789", [["tin", "123-45-6789"]]],
  ["SSN 123 45 6789", [["tin", "123 45 6789"]]],
  ["ITIN 912-70-1234", [["tin", "912-70-1234"]]],
  ["EIN 12-3456789", [["tin", "12-3456789"]]],
  ["tax id 123456789", [["tin", "123456789"]]],
  // Card: Luhn-valid with a network's prefix, compact or grouped by spaces or dashes.
  ["card 4111 1111 1111 1111", [["card", "4111 1111 1111 1111"]]],
  ["card 4111-1111-1111-1111", [["card", "4111-1111-1111-1111"]]],
  ["card 5555555555554444", [["card", "5555555555554444"]]],
  ["amex 3782 822463 10005", [["card", "3782 822463 10005"]]],
  ["visa 4012888888881881 exp 12/28", [["card", "4012888888881881"]]],
  // Street address: a house number, a street name and its type; post-office boxes.
  ["ship to 221B Baker Street, London", [["address", "221B Baker Street"]]],
  ["HQ 1600 Pennsylvania Ave NW", [["address", "1600 Pennsylvania Ave"]]],
  ["lives at 42 Rue-de Lane.", [["address", "42 Rue-de Lane"]]],
  ["mail PO Box 1234 please", [["address", "PO Box 1234"]]],
  ["mail P.O. Box 98765", [["address", "P.O. Box 98765"]]],
  // Several kinds at once, each reported where it is.
  [
    "jane@example.com, 123-45-6789, 4111 1111 1111 1111, +44 20 7946 0958",
    [
      ["email", "jane@example.com"],
      ["tin", "123-45-6789"],
      ["card", "4111 1111 1111 1111"],
      ["phone", "+44 20 7946 0958"],
    ],
  ],
];

// What real purposes contain that is not personal data.
const NEGATIVE: string[] = [
  "Ticket SUP-12345: verify payout for booking lbg_01HF8Z2K",
  "PRIV-2041 follow-up",
  "Incident INC0012345 review",
  "JIRA-123456789 (a ticket prefix glued to digits is a ticket, whatever its length)",
  "see #123456789 and /tickets/123456789 and id=123456789",
  "usr_8f3k2m9q and usr_123456789 and lbg_5550100100 and leg_4111111111111111",
  "Chargeback dated 2026-11-29, call at 10:30",
  "Dates 29/11/2026 and 11/29/2026 and 01.12.2026 and 2026-11-29T10:30:00Z",
  "on 01.12.2026 12 people attended",
  "Q3 2026 review; FY2025-26 budget; years 2024 2025 2026 2027",
  "Refund $1,250.00 (EUR 1.250,00; 1 250,00 €) for order 1250000",
  "release v1.2.3 and 10.0.0.1 and 192.168.100.200",
  "3 people, 42 rows, 12345 records, rows 100-1000",
  "npm pkg@1.2.3 and git@github and @here",
  "a Luhn-invalid card 4111 1111 1111 1112 or 4111111111111112",
  "16 digits no network issues: 1234567812345670",
  "ids 1234567890 and 0012345",
  "zip 02139-4307",
  "SSN-shaped but never issued: 000-12-3456, 666-12-3456, 123-00-4567, 123-45-0000",
  "EIN-shaped with an unassigned prefix: 07-1234567",
  "between 9:00 and 17:30; ISO 27001, RFC 5322, port 8080, HTTP 404, SLA 99.9%, cost 1,234,567.89",
  "Ticket SUP-12345 on 2026-11-29 at 10:30, refund $1,250.00 for Q3 2026 (v2.10.3)",
  "3 street teams booked 12 studio days; lbg_12 Main Street is a set name (the number is an id's)",
  "Street photography shoot, 2 hours on the avenue",
];

describe("detectPii", () => {
  it.each(POSITIVE)("finds the personal data in %j", (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each(NEGATIVE)("finds nothing in %j", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("reports positions in UTF-16 code units of the original text", () => {
    const text = "Müller – call 555-0100";
    expect(detectPii(text)).toEqual([{ kind: "phone", start: text.indexOf("555"), end: text.length }]);
  });

  it("stays linear on 100 kB of hostile input (a backtracking regex would time the test out)", () => {
    const size = 100_000;
    const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    expect(found(fill("a"))).toEqual([]);
    expect(found(fill("a.")).length).toBe(0);
    expect(found("a@" + fill("a-"))).toEqual([]);
    expect(found("a@" + fill("a.") + "1")).toEqual([]);
    expect(found(fill("a@"))).toEqual([]);
    expect(found(fill("1"))).toEqual([]);
    expect(found(fill("1 "))).toEqual([]);
    expect(found(fill("1-"))).toEqual([]);
    expect(found(fill("(1) "))).toEqual([]);
    expect(found(fill("x1"))).toEqual([]);
    const phones = fill("555-0100 ");
    expect(detectPii(phones).length).toBe(Math.floor(size / 9));
    expect(detectPii(fill("4111 1111 1111 1111 ")).every((m) => m.kind === "card")).toBe(true);
    expect(detectPii(fill("jane@example.com ")).length).toBe(Math.floor(size / 17));
  }, 60_000);
});

describe("describePii", () => {
  it("gives one clear reason naming every kind found, or null", () => {
    expect(describePii(detectPii("email jane.doe@example.com"))).toBe(
      "contains what looks like an email address; describe the purpose without personal data",
    );
    expect(describePii(detectPii("Call Jane Doe jane.doe@example.com 555-0100, SSN 123-45-6789"))).toBe(
      "contains what looks like an email address, a phone number and a tax ID or social security number; describe the purpose without personal data",
    );
    expect(describePii(detectPii("card 4111 1111 1111 1111"), "the payload")).toBe(
      "contains what looks like a payment card number; describe the payload without personal data",
    );
    expect(describePii(detectPii("SUP-12345 on 2026-11-29"))).toBeNull();
  });
});
