/**
 * Settlements of a group: recording one, amending it, voiding it. Every
 * change keeps the ledger within its limits.
 *
 * @module
 */
import { conflict, forbidden, invalid } from "../errors.ts";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { computeSettlement } from "./expense_math.ts";
import { settlementEffect } from "./evolve.ts";
import { previousEffect, requireWithinLimit } from "./ledger_limits.ts";
import { entryOf, requireVersion } from "./preconditions.ts";
import { can } from "./roles.ts";
import type { GroupState, MemberState } from "./state.ts";

/** Records a settlement (its id unused) when the actor may write the ledger. */
export function decideSettlementRecord(
  command: Extract<GroupCommand, { type: "settlement.record" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "ledger.write")) {
    throw forbidden(`a ${actor.role} cannot record settlements`);
  }
  if (state.entries.has(command.settlementId)) {
    throw conflict("settlement.exists", "an expense or settlement with this id already exists");
  }
  const data = computeSettlement(state, command.input, command.fx);
  const event = { settlementId: command.settlementId, revision: 1, ...data };
  requireWithinLimit(state, settlementEffect(event));
  return [{ type: "SettlementRecorded", data: event }];
}

/** Amends a settlement that is not voided, at the version the command was made against. */
export function decideSettlementAmend(
  command: Extract<GroupCommand, { type: "settlement.amend" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "ledger.write")) {
    throw forbidden(`a ${actor.role} cannot amend settlements`);
  }
  const entry = entryOf(state, command.settlementId, "settlement");
  requireVersion(entry.revision, command.ifMatch);
  if (entry.voided) throw conflict("settlement.voided", "the settlement has been voided");
  if (command.input.id !== undefined && command.input.id !== command.settlementId) {
    throw invalid(
      "settlement.id_mismatch",
      "id",
      "the body's id differs from the settlement's id",
    );
  }
  const data = computeSettlement(state, command.input, command.fx);
  const event = { settlementId: command.settlementId, revision: entry.revision + 1, ...data };
  requireWithinLimit(state, settlementEffect(event), previousEffect(entry));
  return [{ type: "SettlementAmended", data: event }];
}

/** Voids a settlement that is not voided yet, at the version the command was made against. */
export function decideSettlementVoid(
  command: Extract<GroupCommand, { type: "settlement.void" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "ledger.write")) {
    throw forbidden(`a ${actor.role} cannot void settlements`);
  }
  const entry = entryOf(state, command.settlementId, "settlement");
  requireVersion(entry.revision, command.ifMatch);
  if (entry.voided) {
    throw conflict("settlement.voided", "the settlement has already been voided");
  }
  return [{
    type: "SettlementVoided",
    data: { settlementId: command.settlementId, revision: entry.revision + 1 },
  }];
}
