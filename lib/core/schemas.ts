// Zod schemas for the core vocabularies (server side; the plain lists stay zod-free for client bundles).
import { z } from "zod";
import { ROLES } from "./permissions";
import { PRIVACY_TIERS, SCOPES } from "./tiers";

export const ZPrivacyTier = z.enum(PRIVACY_TIERS);
export const ZScope = z.enum(SCOPES);
export const ZRole = z.enum(ROLES);
