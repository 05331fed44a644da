// A radio or checkbox as a bordered card that highlights when chosen; the card is the input's label, so the whole
// text (a tier and its limit, an outcome and what it does) is the choice's accessible name. Group them in a Fieldset.
import type { InputHTMLAttributes, ReactNode } from "react";

export interface ChoiceCardProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "className" | "children"> {
  type: "radio" | "checkbox";
  children: ReactNode;
}

export function ChoiceCard({ children, ...input }: ChoiceCardProps) {
  return (
    <label className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 px-3 py-2.5 has-checked:border-indigo-600 has-checked:bg-indigo-50/60">
      <input {...input} className="mt-0.5 accent-indigo-600" />
      {children}
    </label>
  );
}
