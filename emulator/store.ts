import { randomUUID } from "node:crypto";
import { formatRfc3339 } from "./clock";

/** An invite as the API sends it. */
export interface WireInvite {
  /** `invites/<uuid>`. */
  identity: string;
  /** Invitee's address. */
  email: string;
  /** Message of the invitation email; `""` when none was given. */
  message: string;
  /** RFC 3339 UTC, whole seconds. */
  expiry_time: string;
}

/** The roles a member may hold (the Members API's `v1Role`). */
export const MEMBER_ROLES: readonly string[] = ["ROLE_UNSPECIFIED", "OWNER"];

/** A member as the Members API sends it. */
export interface WireMember {
  /** `members/<uuid>`. */
  identity: string;
  /** Display name; `""` when none is known. */
  display_name: string;
  /** The member's address. */
  email: string;
  /** Whether the membership is active. */
  active: boolean;
  /** Roles held; an accepted invitee holds none. */
  roles: string[];
}

/** An invite as stored. */
export interface StoredInvite {
  /** UUID, without the `invites/` prefix. */
  id: string;
  /** Invitee's address, as sent. */
  email: string;
  /** Message, `""` when none. */
  message: string;
  /** Expiry in epoch milliseconds (whole seconds). */
  expiryMs: number;
  /** Creation order, which is the listing order. */
  seq: number;
}

/** A member as stored. */
export interface StoredMember {
  /** UUID, without the `members/` prefix. */
  id: string;
  /** The member's address. */
  email: string;
  /** Display name. */
  displayName: string;
  /** Whether the membership is active. */
  active: boolean;
  /** Roles held. */
  roles: string[];
  /** Creation order, which is the listing order. */
  seq: number;
}

/** What a store holds, in a shape that can be written to and read from a state file. */
export interface StoreSnapshot {
  /** Every stored invite, expired ones included. */
  invites: StoredInvite[];
  /** Every member. */
  members: StoredMember[];
  /** Next creation sequence number. */
  nextSeq: number;
}

/** Converts a stored invite to its wire shape. */
export function wireInvite(invite: StoredInvite): WireInvite {
  return {
    identity: `invites/${invite.id}`,
    email: invite.email,
    message: invite.message,
    expiry_time: formatRfc3339(invite.expiryMs),
  };
}

/** Converts a stored member to its wire shape. */
export function wireMember(member: StoredMember): WireMember {
  return {
    identity: `members/${member.id}`,
    display_name: member.displayName,
    email: member.email,
    active: member.active,
    roles: [...member.roles],
  };
}

/**
 * An invite's email and message as a service that rewrites what it stores keeps them: the email
 * lower-cased, the message trimmed with every run of white space collapsed to one space.
 */
export function normalizedInvite(email: string, message: string): { email: string; message: string } {
  return { email: email.toLowerCase(), message: message.trim().replace(/\s+/gu, " ") };
}

/** Strips an optional `invites/` or `members/` prefix from an identity. */
export function bareId(idOrIdentity: string): string {
  const slash = idOrIdentity.indexOf("/");
  return slash >= 0 ? idOrIdentity.slice(slash + 1) : idOrIdentity;
}

/** Invites and members, in creation order. Knows nothing of HTTP, switches or persistence. */
export class Store {
  private invites = new Map<string, StoredInvite>();
  private members = new Map<string, StoredMember>();
  private nextSeq = 1;

  /** Every invite in creation order, expired ones included. */
  allInvites(): StoredInvite[] {
    return [...this.invites.values()];
  }

  /** Every member in creation order. */
  allMembers(): StoredMember[] {
    return [...this.members.values()];
  }

  /** The invite with this UUID, if stored. */
  invite(id: string): StoredInvite | undefined {
    return this.invites.get(id.toLowerCase());
  }

  /** The member with this UUID, if stored. */
  member(id: string): StoredMember | undefined {
    return this.members.get(id.toLowerCase());
  }

  /** Stores a new invite with a fresh random UUID. */
  addInvite(email: string, message: string, expiryMs: number): StoredInvite {
    const invite: StoredInvite = { id: randomUUID(), email, message, expiryMs, seq: this.nextSeq++ };
    this.invites.set(invite.id, invite);
    return invite;
  }

  /** Removes an invite. @returns whether it was stored */
  deleteInvite(id: string): boolean {
    return this.invites.delete(id.toLowerCase());
  }

  /** Stores a new member with a fresh random UUID. */
  addMember(email: string, displayName: string, active: boolean, roles: string[]): StoredMember {
    const member: StoredMember = {
      id: randomUUID(),
      email,
      displayName,
      active,
      roles: [...roles],
      seq: this.nextSeq++,
    };
    this.members.set(member.id, member);
    return member;
  }

  /** Forgets everything. */
  clear(): void {
    this.invites.clear();
    this.members.clear();
    this.nextSeq = 1;
  }

  /** A deep copy of the contents. */
  snapshot(): StoreSnapshot {
    return {
      invites: this.allInvites().map((i) => ({ ...i })),
      members: this.allMembers().map((m) => ({ ...m, roles: [...m.roles] })),
      nextSeq: this.nextSeq,
    };
  }

  /** Replaces the contents with a snapshot. */
  restore(snapshot: StoreSnapshot): void {
    this.clear();
    for (const invite of [...snapshot.invites].sort((a, b) => a.seq - b.seq)) {
      this.invites.set(invite.id, { ...invite });
    }
    for (const member of [...snapshot.members].sort((a, b) => a.seq - b.seq)) {
      this.members.set(member.id, { ...member, roles: [...member.roles] });
    }
    const highest = Math.max(0, ...snapshot.invites.map((i) => i.seq), ...snapshot.members.map((m) => m.seq));
    this.nextSeq = Math.max(snapshot.nextSeq, highest + 1);
  }
}
