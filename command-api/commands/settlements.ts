/**
 * Settlements (payments between members): record, amend, void, converted
 * like expenses.
 *
 * @module
 */
import { SettlementInput } from "@kopek/domain";
import { resolveFx } from "../fx.ts";
import { EmptyBody, lastOf, parse, type Prepare, requireId } from "./command.ts";

function prepareSettlement(amend: boolean): Prepare {
  return ({ deps }, request) => {
    const groupId = requireId(request.groupId, "group");
    const body = parse(SettlementInput, request.body);
    const settlementId = amend
      ? requireId(request.targetId, "settlement")
      : body.id ?? request.targetId ?? deps.newId();
    const ifMatch = request.ifMatch;
    return {
      groupId,
      entityId: amend ? null : settlementId,
      build: async (state) => {
        const fx = await resolveFx(
          { currency: body.amount.currency, date: body.date, fx: body.fx },
          state.currency,
          deps.fx,
        );
        return amend
          ? { type: "settlement.amend", settlementId, input: body, fx, ifMatch }
          : { type: "settlement.record", settlementId, input: body, fx };
      },
      respond: (done) => {
        const event = lastOf(done.events, "SettlementRecorded", "SettlementAmended")!;
        return {
          created: !amend,
          body: {
            id: event.data.settlementId,
            version: event.data.revision,
            position: done.position,
            converted: event.data.converted,
            fx: event.data.fx,
          },
          etag: event.data.revision,
        };
      },
    };
  };
}

/** `settlement.record`: the id is the client's (body or sync id) or a new one. */
export const prepareSettlementRecord: Prepare = prepareSettlement(false);
/** `settlement.amend`. */
export const prepareSettlementAmend: Prepare = prepareSettlement(true);

/** `settlement.void`. */
export const prepareSettlementVoid: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const settlementId = requireId(request.targetId, "settlement");
  parse(EmptyBody, request.body);
  const ifMatch = request.ifMatch;
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "settlement.void", settlementId, ifMatch }),
    respond: (done) => {
      const event = lastOf(done.events, "SettlementVoided")!;
      return {
        created: false,
        body: {
          id: settlementId,
          version: event.data.revision,
          position: done.position,
          voided: true,
        },
        etag: event.data.revision,
      };
    },
  };
};
