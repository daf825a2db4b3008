// Entry point of the root Pulumi project (Pulumi.yaml `main`).
import { inviteesProgram } from "./program";

const { identities, statuses } = inviteesProgram();

/** Each invitee's invite identity, by email. */
export { identities, statuses };
