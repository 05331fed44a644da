// Who acts and where a request came from: the two shapes every layer names (the gateway, the ledger's callers,
// sign-in, scopes). Types only, in the bottom layer, so no layer has to import a layer above it for them.
import type { Role } from "./permissions";

/** The acting person, as the gateway and the domains need them. */
export interface Actor {
  id: string;
  role: Role;
}

/** Where a request came from, hashed: no raw IP or user agent is stored (envelope rule: ids and hashes only). */
export interface RequestMeta {
  requestId: string;
  ipHash: string | null;
  uaHash: string | null;
}

/** Who acts and from where: what every governance verb takes first. */
export interface Acting {
  actor: Actor;
  meta: RequestMeta;
}
