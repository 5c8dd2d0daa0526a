/**
 * Expenses: record, amend, void. A foreign-currency expense is converted
 * with the client's rate or amount, or the rate of its date.
 *
 * @module
 */
import { ExpenseInput } from "@kopek/domain";
import { resolveFx } from "../fx.ts";
import { EmptyBody, lastOf, parse, type Prepare, requireId } from "./command.ts";

function prepareExpense(amend: boolean): Prepare {
  return ({ deps }, request) => {
    const groupId = requireId(request.groupId, "group");
    const body = parse(ExpenseInput, request.body);
    const expenseId = amend
      ? requireId(request.targetId, "expense")
      : body.id ?? request.targetId ?? deps.newId();
    const ifMatch = request.ifMatch;
    return {
      groupId,
      entityId: amend ? null : expenseId,
      build: async (state) => {
        const fx = await resolveFx(
          { currency: body.total.currency, date: body.date, fx: body.fx },
          state.currency,
          deps.fx,
        );
        return amend
          ? { type: "expense.amend", expenseId, input: body, fx, ifMatch }
          : { type: "expense.record", expenseId, input: body, fx };
      },
      respond: (done) => {
        const event = lastOf(done.events, "ExpenseRecorded", "ExpenseAmended")!;
        return {
          created: !amend,
          body: {
            id: event.data.expenseId,
            version: event.data.revision,
            position: done.position,
            shares: event.data.shares,
            converted: event.data.converted,
            fx: event.data.fx,
          },
          etag: event.data.revision,
        };
      },
    };
  };
}

/** `expense.record`: the id is the client's (body or sync id) or a new one. */
export const prepareExpenseRecord: Prepare = prepareExpense(false);
/** `expense.amend`. */
export const prepareExpenseAmend: Prepare = prepareExpense(true);

/** `expense.void`. */
export const prepareExpenseVoid: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const expenseId = requireId(request.targetId, "expense");
  parse(EmptyBody, request.body);
  const ifMatch = request.ifMatch;
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "expense.void", expenseId, ifMatch }),
    respond: (done) => {
      const event = lastOf(done.events, "ExpenseVoided")!;
      return {
        created: false,
        body: {
          id: expenseId,
          version: event.data.revision,
          position: done.position,
          voided: true,
        },
        etag: event.data.revision,
      };
    },
  };
};
