import { storeContract } from "./store_contract.ts";
import { createMemoryStore } from "./store.ts";

storeContract("createMemoryStore()", () => createMemoryStore());
