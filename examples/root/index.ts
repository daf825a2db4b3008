// Entry point of the root Pulumi project (Pulumi.yaml `main`).
import { inviteesProgram } from "./program";

const team = inviteesProgram();

/** Identity and status of each invite by email, and how many are pending, expired and accepted. */
export const { identities, statuses, pending, expired, accepted } = team;
