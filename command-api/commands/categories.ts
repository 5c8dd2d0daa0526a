/**
 * A group's custom categories: add, change, remove. Online only (not in the
 * sync queue): an owner's or admin's settings, not a ledger entry made on the
 * road. The answer is the category as the group now has it.
 *
 * @module
 */
import { CategoryAddInput, CategoryUpdateInput, type GroupState } from "@kopek/domain";
import { EmptyBody, parse, type Prepare, requireId } from "./command.ts";

function categoryBody(state: GroupState, categoryId: string, position: number | null) {
  const c = state.categories.get(categoryId)!;
  return {
    key: c.id,
    id: c.id,
    name: c.name,
    icon: c.icon,
    colour: c.colour,
    builtIn: false,
    removed: c.removed,
    position,
  };
}

/** `category.add`: the id is the client's (body) or a new one. */
export const prepareCategoryAdd: Prepare = ({ deps }, request) => {
  const groupId = requireId(request.groupId, "group");
  const body = parse(CategoryAddInput, request.body);
  const categoryId = body.id ?? deps.newId();
  return {
    groupId,
    entityId: categoryId,
    build: () => ({
      type: "category.add",
      categoryId,
      name: body.name,
      icon: body.icon,
      colour: body.colour,
    }),
    respond: (done) => ({
      created: true,
      body: categoryBody(done.state, categoryId, done.position),
      etag: null,
    }),
  };
};

/** `category.update`: the fields given change; nothing given the same is recorded. */
export const prepareCategoryUpdate: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const categoryId = requireId(request.targetId, "category");
  const body = parse(CategoryUpdateInput, request.body);
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "category.update", categoryId, ...body }),
    respond: (done) => ({
      created: false,
      body: categoryBody(done.state, categoryId, done.position),
      etag: null,
    }),
  };
};

/** `category.remove`: expenses keep it; new ones cannot choose it. */
export const prepareCategoryRemove: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const categoryId = requireId(request.targetId, "category");
  parse(EmptyBody, request.body);
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "category.remove", categoryId }),
    respond: (done) => ({
      created: false,
      body: categoryBody(done.state, categoryId, done.position),
      etag: null,
    }),
  };
};
