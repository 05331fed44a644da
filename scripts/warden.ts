// The `warden` CLI: `npm run warden -- <command>`. Exit 0 on success; non-zero with a one-line reason.
import { closeRawHandles } from "@/lib/db/raw";
import { disconnectDb } from "@/lib/db/client";
import { closeWarehouse } from "@/lib/warehouse/get-warehouse";
import { runCli } from "./cli";

runCli(process.argv.slice(2)).then(async (code) => {
  await Promise.allSettled([disconnectDb(), closeWarehouse()]);
  await closeRawHandles();
  process.exit(code);
});
