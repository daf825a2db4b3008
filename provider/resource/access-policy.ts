import * as pulumi from "@pulumi/pulumi";
import type { AccessPolicyArgs } from "./args";
import { ACCESS_POLICY } from "./kinds";
import type { AccessPolicyOutputFields } from "./output-fields";
import type { OutputProperties } from "./outputs";
import { accessPolicyProvider } from "./provider";
import { resourceProps } from "./resource-props";

/**
 * One access policy of a DataTrails tenancy: which assets it covers and what it grants to whom.
 * Every input changes in place (one PATCH of exactly the fields that differ); an `up` with nothing
 * changed sends nothing, and a refresh brings in edits made in the web UI, which the next `up` undoes.
 *
 * @example
 * ```ts
 * import { AccessPolicy } from "pulumi-datatrails-invites";
 *
 * new AccessPolicy("auditors", {
 *   displayName: "Auditors",
 *   description: "Read the audit trail",
 *   filters: [{ or: ["attributes.arc_display_type=Audit"] }],
 *   accessPermissions: [
 *     {
 *       userAttributes: [{ or: ["email=alice@example.com"] }],
 *       assetAttributesRead: ["*"],
 *       eventArcDisplayTypeRead: ["*"],
 *     },
 *   ],
 * });
 * ```
 */
// The outputs are declared by merging with the interface of the same name below (from the kind's
// outputs, docs included), which a class cannot `implements` its way to.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class AccessPolicy extends pulumi.dynamic.Resource {
  /**
   * @param name The unique name of the resource in the stack.
   * @param args The policy.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: AccessPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      accessPolicyProvider,
      name,
      resourceProps(ACCESS_POLICY, args),
      opts,
      "datatrails",
      ACCESS_POLICY.name,
    );
  }
}

/** The outputs of an {@link AccessPolicy}, each as the program sees it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface AccessPolicy extends OutputProperties<AccessPolicyOutputFields> {}
