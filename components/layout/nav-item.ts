// A console navigation entry. Plain data (no functions or components) so the server layout can pass it to the
// client sidebar; the icon is a name resolved by nav-icons.tsx.
import type { NavIconName } from "./nav-icons";

export interface NavItem {
  href: string;
  label: string;
  icon?: NavIconName;
}
