/**
 * Groups: create (its creator joins as owner) and update (name, currency).
 *
 * @module
 */
import { GroupCreateInput, GroupUpdateInput } from "@kopek/domain";
import { lastOf, parse, type Prepare, requireId } from "./command.ts";

/** `group.create`: the id is the client's (body or sync id) or a new one. */
export const prepareGroupCreate: Prepare = async ({ deps, accounts }, request, actor) => {
  const body = parse(GroupCreateInput, request.body);
  const groupId = body.id ?? request.groupId ?? deps.newId();
  const ownerName = await accounts.displayName(actor);
  const ownerMemberId = deps.newId();
  return {
    groupId,
    entityId: groupId,
    build: () => ({
      type: "group.create",
      groupId,
      name: body.name,
      currency: body.currency,
      ownerMemberId,
      ownerName,
    }),
    respond: (done) => {
      const created = lastOf(done.events, "GroupCreated")!;
      const owner = lastOf(done.events, "MemberAdded")!;
      return {
        created: true,
        body: {
          id: created.data.groupId,
          version: done.version,
          position: done.position,
          name: created.data.name,
          currency: created.data.currency,
          memberId: owner.data.memberId,
        },
        etag: null,
      };
    },
  };
};

/** `group.update`. */
export const prepareGroupUpdate: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const body = parse(GroupUpdateInput, request.body);
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "group.update", ...body }),
    respond: (done) => ({
      created: false,
      body: {
        id: groupId,
        version: done.version,
        position: done.position,
        name: done.state.name,
        currency: done.state.currency,
        simplifyDebts: done.state.simplifyDebts,
      },
      etag: null,
    }),
  };
};
