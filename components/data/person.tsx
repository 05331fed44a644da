// A person as tables and facts show them: the name, and the email below it, breakable after the "@" on a narrow column.
import { Breakable } from "./breakable";

export function Person({ name, email }: { name: string; email?: string | null }) {
  return (
    <span className="flex flex-col">
      <span className="font-medium text-slate-900">{name}</span>
      {email ? (
        <span className="text-xs font-normal text-slate-500">
          <Breakable text={email} after="@" />
        </span>
      ) : null}
    </span>
  );
}
