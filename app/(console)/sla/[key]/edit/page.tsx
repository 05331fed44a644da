// A new version of an SLA definition (privacy admins, sla.manage): the current version's values in human units; the
// save makes key@version+1 and the old version stays, judged side by side on the detail page.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";
import { listConsoleUsers } from "@/lib/holds/matters/get-matter";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { SlaRefChip } from "@/components/sla/status";
import { ratioToPercentText, thresholdToHuman } from "@/components/sla/units";
import { parseSlaKey } from "../../sla-key";
import { slaDefinitionVersions } from "@/lib/sla/definitions/read-definitions";
import { SlaEditForm } from "./edit-form";

export const metadata: Metadata = { title: "Edit SLA" };

export default async function SlaEditPage({ params }: { params: Promise<{ key: string }> }) {
  await requirePagePermission("sla.manage");
  const key = parseSlaKey((await params).key);
  if (!key) notFound();
  const [versions, users] = await Promise.all([slaDefinitionVersions(key), listConsoleUsers()]);
  const current = versions.find((v) => v.current);
  if (!current) notFound();
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/sla/${key}`}>
            {current.name} <span aria-hidden="true">·</span> {current.ref}
          </Link>
        }
        title="New version of the SLA"
        description={`Saving makes ${key}@${current.version + 1}. ${current.ref} stays, and the detail page shows attainment under both. The observations are not changed: the new version judges the same history.`}
        actions={<SlaRefChip refText={current.ref} />}
      />
      <Card as="section" aria-labelledby="sla-edit-title" className="max-w-4xl">
        <CardHeader
          titleId="sla-edit-title"
          title="Definition"
          description={`SLI: ${current.sliKind}; unit: ${current.unit}. Fields marked * are required.`}
        />
        <div className="p-4">
          <SlaEditForm
            slaKey={key}
            baseVersion={current.version}
            unit={current.unit}
            zones={Intl.supportedValuesOf("timeZone")}
            users={users.map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }))}
            initial={{
              name: current.name,
              description: current.description,
              budgeting: current.budgeting,
              target: ratioToPercentText(current.target),
              threshold: thresholdToHuman(current.unit, current.threshold),
              warnThreshold: thresholdToHuman(current.unit, current.warnThreshold),
              windowDays: String(current.windowDays),
              timeZone: current.timeZone,
              ownerTeam: current.ownerTeam,
              ownerId: current.ownerId ?? "",
              changeReason: "",
            }}
          />
        </div>
      </Card>
    </>
  );
}
