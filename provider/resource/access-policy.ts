import * as pulumi from "@pulumi/pulumi";
import type { AccessPermissionRecord, PolicyFilter } from "../client";
import type { AccessPolicyArgs } from "./args";
import { ACCESS_POLICY } from "./kinds";
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
export class AccessPolicy extends pulumi.dynamic.Resource {
  /** The policy's identity (`access_policies/<uuid>`). */
  declare public readonly identity: pulumi.Output<string>;
  /** The tenancy holding the policy (`tenant/<uuid>`). */
  declare public readonly tenant: pulumi.Output<string>;
  /** The name as DataTrails stored it. */
  declare public readonly displayName: pulumi.Output<string>;
  /** The description as DataTrails stored it (`""` for none). */
  declare public readonly description: pulumi.Output<string>;
  /** The filters as DataTrails stored them. */
  declare public readonly filters: pulumi.Output<PolicyFilter[]>;
  /** The permissions as DataTrails stored them (every list present). */
  declare public readonly accessPermissions: pulumi.Output<AccessPermissionRecord[]>;

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
