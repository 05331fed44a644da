"use server";
// Server actions of the console shell (thin wrappers over lib/auth).
import { redirect } from "next/navigation";
import { signOutCurrentBrowser } from "@/lib/auth/sign-out";

export async function signOutAction(): Promise<void> {
  await signOutCurrentBrowser();
  redirect("/sign-in");
}
