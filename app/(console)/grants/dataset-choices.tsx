// The catalog's datasets as checkboxes named "datasets", for limiting a grant (the direct-grant form) or a request
// (My access) to some of them; none ticked means every dataset.
import { Checkbox } from "@/components/ui/checkbox";
import { Fieldset } from "@/components/ui/field";

export function DatasetChoices({
  legend,
  hint,
  error,
  datasets,
  checked,
}: {
  legend: string;
  hint: string;
  error?: string;
  datasets: ReadonlyArray<{ ref: string; title: string }>;
  checked: readonly string[];
}) {
  return (
    <Fieldset legend={legend} error={error} hint={hint}>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {datasets.map((d) => (
          <Checkbox
            key={d.ref}
            name="datasets"
            value={d.ref}
            label={d.title}
            hint={<span className="font-mono">{d.ref}</span>}
            defaultChecked={checked.includes(d.ref)}
          />
        ))}
      </div>
    </Fieldset>
  );
}
