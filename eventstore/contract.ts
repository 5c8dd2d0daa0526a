/**
 * The contract every event store adapter passes: call
 * {@linkcode eventStoreContract} from the adapter's test file. The cases
 * live in `contract/`, one file per concern: appends and expected versions,
 * the hash chain, idempotency keys, reads and cursors.
 *
 * @module
 */
import type { EventStore } from "./port.ts";
import type { MakeStore } from "./contract/_helpers.ts";
import { appendCases } from "./contract/append.ts";
import { chainCases } from "./contract/chain.ts";
import { idempotencyCases } from "./contract/idempotency.ts";
import { readCases } from "./contract/reads.ts";

export { type MakeStore, testEvent } from "./contract/_helpers.ts";

/**
 * Registers the contract's `Deno.test` cases for one adapter. `makeStore` is
 * called once per case and must give an empty store.
 */
export function eventStoreContract(name: string, makeStore: MakeStore): void {
  function test(title: string, fn: (store: EventStore) => Promise<void>): void {
    Deno.test(`${name}: ${title}`, async () => {
      await using made = await makeStore();
      await fn(made.store);
    });
  }

  appendCases(test);
  chainCases(test);
  idempotencyCases(test);
  readCases(test);
}
