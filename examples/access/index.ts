// One access policy: alice may read every attribute and event of the audited assets. Change any
// input and `pulumi up` sends one PATCH with exactly what changed; `pulumi refresh` shows edits made
// in the web UI, and the next `up` puts this declaration back.
import { AccessPolicy } from "pulumi-datatrails-invites";

const auditors = new AccessPolicy("auditors", {
  displayName: "Auditors",
  description: "Read the audit trail",
  filters: [{ or: ["attributes.arc_display_type=Audit"] }],
  accessPermissions: [
    {
      userAttributes: [{ or: ["email=alice@example.com"] }],
      assetAttributesRead: ["*"],
      eventArcDisplayTypeRead: ["*"],
    },
  ],
});

/** `access_policies/<uuid>`. */
export const identity = auditors.identity;
/** Who the policy's first permission names, as DataTrails stored it. */
export const users = auditors.accessPermissions.apply((p) => p[0]?.userAttributes ?? []);
