// The catalog of the demo warehouse: every column of people, bookings, booking legs, raw events and background checks with
// its privacy tier and mask.
// The rules are chosen per column in docs/decisions/023-masking-catalogue.md (a bare street line is redacted: city_only
// needs a whole address to find the city in, and the city is a column of its own).
import type { PrivacyTier } from "../core/tiers";
import type { MaskRule } from "../masking/mask";

// One definition of each enum (the ones the gateway parses with); re-exported so catalog users need one import.
export type { MaskRule, PrivacyTier };

export interface CatalogColumnDef {
  name: string;
  label: string;
  tier: PrivacyTier;
  /** How the column is shown to someone whose scopes do not clear its tier; "none" only for tier "none". */
  maskRule: MaskRule;
  description: string;
}

export interface CatalogDatasetDef {
  key: string;
  version: number;
  title: string;
  description: string;
  recordIdColumn: string;
  columns: CatalogColumnDef[];
}

const unrestricted = (name: string, label: string, description: string): CatalogColumnDef => ({
  name,
  label,
  tier: "none",
  maskRule: "none",
  description,
});

export const DEMO_CATALOG: readonly CatalogDatasetDef[] = [
  {
    key: "marketplace.people",
    version: 1,
    title: "People",
    description: "Everyone on the marketplace: buyers and the suppliers they book, with contact, tax and background-check data.",
    recordIdColumn: "person_id",
    columns: [
      unrestricted("person_id", "Person ID", "Opaque identifier of the person (usr_…)."),
      unrestricted("role", "Role", "Buyer, or the kind of supplier: model, photographer, videographer, creator, studio host."),
      { name: "full_name", label: "Full name", tier: "pii_basic", maskRule: "redact", description: "Legal name as given at sign-up." },
      { name: "email", label: "Email", tier: "pii_basic", maskRule: "email", description: "Sign-in and contact email address." },
      { name: "city", label: "City", tier: "pii_basic", maskRule: "redact", description: "Home city." },
      unrestricted("state", "State", "US state (two-letter code) of the home address."),
      { name: "phone", label: "Phone", tier: "pii_sensitive", maskRule: "show_last_4", description: "Mobile number in E.164 format." },
      {
        name: "street_address",
        label: "Street address",
        tier: "pii_sensitive",
        maskRule: "redact",
        description: "Street, number and unit of the home address.",
      },
      { name: "postal_code", label: "Postal code", tier: "pii_sensitive", maskRule: "zip3", description: "ZIP code of the home address." },
      {
        name: "date_of_birth",
        label: "Date of birth",
        tier: "pii_sensitive",
        maskRule: "year",
        description: "Birth date (YYYY-MM-DD), used for age verification.",
      },
      {
        name: "tin",
        label: "TIN",
        tier: "pii_tax",
        maskRule: "show_last_4",
        description: "Taxpayer identification number (SSN format) for 1099 reporting.",
      },
      {
        name: "payout_1099_cents",
        label: "1099 payouts",
        tier: "pii_tax",
        maskRule: "round",
        description: "Payouts reportable on the supplier's 1099 for the last closed tax year, in cents.",
      },
      unrestricted("payout_currency", "Payout currency", "ISO 4217 currency of the payout amounts."),
      {
        name: "background_check_status",
        label: "Background check status",
        tier: "background",
        maskRule: "withhold",
        description: "Adjudication of the supplier's background check (clear, consider, pending, not required).",
      },
      {
        name: "background_check_ref",
        label: "Background check reference",
        tier: "background",
        maskRule: "token",
        description: "Reference of the background-check report at the screening vendor.",
      },
      unrestricted("created_at", "Created at", "When the account was created (UTC)."),
    ],
  },
  {
    key: "marketplace.bookings",
    version: 1,
    title: "Bookings",
    description: "Linked booking groups: what a buyer booked, where and when, and what it cost in total.",
    recordIdColumn: "lbg_id",
    columns: [
      unrestricted("lbg_id", "Booking ID", "Opaque identifier of the linked booking group (lbg_…)."),
      unrestricted("buyer_id", "Buyer ID", "Person ID of the buyer who made the booking."),
      unrestricted("city_id", "City ID", "Marketplace city where the booking takes place (cty_…)."),
      unrestricted("booked_at", "Booked at", "When the booking was placed (UTC)."),
      unrestricted("total_cents", "Total", "Amount charged to the buyer, fees included, in cents."),
      unrestricted("currency", "Currency", "ISO 4217 currency of the total."),
    ],
  },
  {
    key: "marketplace.booking_legs",
    version: 1,
    title: "Booking legs",
    description: "One supplier's part of a booking: who, in which role, for how much, and when it starts.",
    recordIdColumn: "booking_leg_id",
    columns: [
      unrestricted("booking_leg_id", "Leg ID", "Opaque identifier of the booking leg (leg_…)."),
      unrestricted("lbg_id", "Booking ID", "Linked booking group the leg belongs to."),
      unrestricted("person_id", "Supplier ID", "Person ID of the supplier booked for this leg."),
      unrestricted("leg_role", "Leg role", "What the supplier was booked as: model, photographer, videographer, creator, studio host."),
      unrestricted("city_id", "City ID", "Marketplace city where the leg takes place (cty_…)."),
      unrestricted("amount_cents", "Amount", "Price of the leg before platform fees, in cents."),
      unrestricted("currency", "Currency", "ISO 4217 currency of the amount."),
      unrestricted("starts_at", "Starts at", "Scheduled start of the leg (UTC)."),
    ],
  },
  {
    key: "marketplace.events",
    version: 1,
    title: "Raw events",
    description: "Bronze: what people did in the apps (opened, searched, viewed, messaged), kept 90 days (decision 032).",
    recordIdColumn: "event_id",
    columns: [
      unrestricted("event_id", "Event ID", "Opaque identifier of the event (evt_…)."),
      unrestricted("event_name", "Event", "What happened, as namespace.action (app.opened, search.performed, …)."),
      unrestricted("occurred_at", "Occurred at", "When it happened on the device (UTC)."),
      unrestricted("person_id", "Person ID", "Person ID of the signed-in user who did it."),
      unrestricted("lbg_id", "Booking ID", "Booking group the event concerns, if any."),
      // Where someone was at a given minute says more than a home state: an event's location is personal.
      { name: "city_id", label: "City ID", tier: "pii_basic", maskRule: "redact", description: "Marketplace city the event came from (cty_…)." },
      { name: "state", label: "State", tier: "pii_basic", maskRule: "redact", description: "US state (two-letter code) the event came from." },
      unrestricted("platform", "Platform", "ios, android or web."),
      {
        name: "session_id",
        label: "Session ID",
        tier: "pii_basic",
        maskRule: "token",
        description: "App session the event belongs to (ses_…); tokenised, so sessions still group without the raw id.",
      },
    ],
  },
  {
    key: "marketplace.background_checks",
    version: 1,
    title: "Background checks",
    description: "One screening per supplier at the background-check vendor: outcome and completion (FCRA; decision 032).",
    // The record id names each row in clear (the gateway's row ids): it stays unrestricted, like every dataset's.
    recordIdColumn: "check_id",
    columns: [
      unrestricted("check_id", "Check ID", "Identifier of the check (bgc_…), as in the person's background-check reference."),
      unrestricted("person_id", "Person ID", "Person ID of the supplier who was checked."),
      { name: "status", label: "Status", tier: "background", maskRule: "withhold", description: "Adjudication: clear, consider or pending." },
      { name: "vendor", label: "Vendor", tier: "background", maskRule: "redact", description: "Consumer reporting agency that ran the check." },
      {
        name: "completed_at",
        label: "Completed at",
        tier: "background",
        maskRule: "year",
        description: "When the vendor completed the report (UTC); empty while pending.",
      },
      unrestricted("state", "State", "US state (two-letter code) of the supplier's home address."),
    ],
  },
];
