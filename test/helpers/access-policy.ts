// The access policy the tests declare (alice may read the audited assets), and a permission's lists
// as the client answers them when none was sent.
import type { AccessPermissionRecord, AccessPolicyInput } from "../../provider/client";

/** Alice may read every attribute and event of the assets whose arc_display_type is Audit. */
export const AUDITORS: AccessPolicyInput = {
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
};

/** Every list of a permission, empty: what the client answers for lists the service did not send. */
export const NO_LISTS: Readonly<AccessPermissionRecord> = Object.freeze({
  subjects: [],
  behaviours: [],
  includeAttributes: [],
  assetAttributesRead: [],
  assetAttributesWrite: [],
  eventArcDisplayTypeRead: [],
  eventArcDisplayTypeWrite: [],
  userAttributes: [],
});
